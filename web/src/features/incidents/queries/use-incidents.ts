import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IncidentDetail } from "../../../api/types";
import {
  addChannelSource,
  addService,
  createIncident,
  fetchChannels,
  fetchIncident,
  fetchIncidents,
  fetchServices,
  type IncidentChange,
  type IncidentListQuery,
  linkPagerduty,
  removeService,
  removeSource,
  updateIncident,
} from "../api/incidents-api";

/** The incident list for the given filters; the previous list stays while a new one loads. */
export function useIncidents(query: IncidentListQuery) {
  return useQuery({
    queryKey: ["incidents", query],
    queryFn: ({ signal }) => fetchIncidents(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** One incident's details. */
export function useIncident(id: number) {
  return useQuery({
    queryKey: ["incident", id],
    queryFn: ({ signal }) => fetchIncident(id, signal),
  });
}

/** Changes an incident's status or analysts, and refreshes what shows them. */
export function useUpdateIncident(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: IncidentChange) => updateIncident(id, change),
    onSuccess: (incident) => {
      client.setQueryData(["incident", id], incident);
      void client.invalidateQueries({ queryKey: ["incidents"] });
      void client.invalidateQueries({ queryKey: ["guide", id] });
    },
  });
}

/** Imported Slack channels (analysts and admins), to make or extend incidents from. */
export function useChannels(enabled = true) {
  return useQuery({ queryKey: ["channels"], queryFn: ({ signal }) => fetchChannels(signal), enabled });
}

/** The catalog's services (analysts and admins). */
export function useServices(enabled = true) {
  return useQuery({ queryKey: ["services"], queryFn: ({ signal }) => fetchServices(signal), enabled });
}

/** Creates an incident; the list, the channels and the guide follow. */
export function useCreateIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createIncident,
    onSuccess: (incident) => {
      client.setQueryData(["incident", incident.id], incident);
      void client.invalidateQueries({ queryKey: ["incidents"] });
      void client.invalidateQueries({ queryKey: ["channels"] });
    },
  });
}

/** What the Details tab changes about an incident's sources and services. */
export type SourceChange =
  | { kind: "add_channel"; channel: string; from: string | null; to: string | null }
  | { kind: "remove_source"; sourceId: number }
  | { kind: "link_pagerduty"; pagerdutyId: string }
  | { kind: "add_service"; serviceId: number }
  | { kind: "remove_service"; serviceId: number };

/** Changes an incident's sources or services, and refreshes everything derived from them. */
export function useChangeSources(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: SourceChange): Promise<IncidentDetail> => {
      switch (change.kind) {
        case "add_channel":
          return addChannelSource(id, { channel: change.channel, from: change.from, to: change.to });
        case "remove_source":
          return removeSource(id, change.sourceId);
        case "link_pagerduty":
          return linkPagerduty(id, change.pagerdutyId);
        case "add_service":
          return addService(id, change.serviceId);
        case "remove_service":
          return removeService(id, change.serviceId);
      }
    },
    onSuccess: (incident) => {
      client.setQueryData(["incident", id], incident);
      void client.invalidateQueries({ queryKey: ["incidents"] });
      void client.invalidateQueries({ queryKey: ["channels"] });
      void client.invalidateQueries({ queryKey: ["guide", id] });
      void client.invalidateQueries({ queryKey: ["timeline", id] });
      void client.invalidateQueries({ queryKey: ["people", id] });
    },
  });
}
