import { AddChannelSourceBody, AddIncidentServiceBody, CatalogServiceList, IncidentServiceParams, CreateIncidentBody, ImportedChannelList, IncidentSourceParams, LinkPagerdutyBody, Guide, IncidentDetail, IncidentList, IncidentListItem, IncidentListQuery, IncidentResponse, UpdateIncidentBody } from "../../../core/incidents.js";
import { Participant, PeopleBreakdown } from "../../../core/people.js";
import { ThreadQuery, ThreadReplies, TimelineEvent, TimelinePage, TimelineQuery } from "../../../core/timeline.js";
import { errorResponses, IdParams } from "../common-schema.js";

export { IncidentDetail, IncidentListItem, Participant, TimelineEvent };

/** `GET /api/incidents`. */
export const listIncidentsSchema = {
  summary: "Incidents, filtered and sorted (viewers see published ones only)",
  tags: ["incidents"],
  querystring: IncidentListQuery,
  response: { 200: IncidentList, ...errorResponses },
};

/** `POST /api/incidents`. */
export const createIncidentSchema = {
  summary: "Create an incident from Slack channels and an optional time window",
  tags: ["incidents"],
  body: CreateIncidentBody,
  response: { 201: IncidentResponse, ...errorResponses },
};

/** `GET /api/incidents/:id`. */
export const getIncidentSchema = {
  summary: "One incident with its sources and services",
  tags: ["incidents"],
  params: IdParams,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `PATCH /api/incidents/:id`. */
export const updateIncidentSchema = {
  summary: "Change status, severity, title or the assigned analysts",
  tags: ["incidents"],
  params: IdParams,
  body: UpdateIncidentBody,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `GET /api/incidents/:id/timeline`. */
export const timelineSchema = {
  summary: "The merged timeline, one page at a time",
  tags: ["incidents"],
  params: IdParams,
  querystring: TimelineQuery,
  response: { 200: TimelinePage, ...errorResponses },
};

/** `GET /api/incidents/:id/timeline/thread`. */
export const threadSchema = {
  summary: "The replies of one Slack thread, for the timeline's threads view",
  tags: ["incidents"],
  params: IdParams,
  querystring: ThreadQuery,
  response: { 200: ThreadReplies, ...errorResponses },
};

/** `GET /api/incidents/:id/people`. */
export const peopleBreakdownSchema = {
  summary: "Who was in the incident and how they got involved (the people breakdown)",
  tags: ["incidents"],
  params: IdParams,
  response: { 200: PeopleBreakdown, ...errorResponses },
};

/** `GET /api/incidents/:id/guide`. */
export const guideSchema = {
  summary: "The analysis checklist, computed from what has been gathered and marked",
  tags: ["incidents"],
  params: IdParams,
  response: { 200: Guide, ...errorResponses },
};

/** `POST /api/incidents/:id/sources`. */
export const addSourceSchema = {
  summary: "Add an imported Slack channel to an incident, with an optional time window (a channel already there gets the new window)",
  tags: ["incidents"],
  params: IdParams,
  body: AddChannelSourceBody,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `DELETE /api/incidents/:id/sources/:sourceId`. */
export const removeSourceSchema = {
  summary: "Remove a source from an incident: a Slack channel, or a linked PagerDuty incident (unlink)",
  tags: ["incidents"],
  params: IncidentSourceParams,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `POST /api/incidents/:id/pagerduty`. */
export const linkPagerdutySchema = {
  summary: "Link an imported PagerDuty incident to an incident",
  tags: ["incidents"],
  params: IdParams,
  body: LinkPagerdutyBody,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `GET /api/channels`. */
export const listChannelsSchema = {
  summary: "Imported Slack channels, with their message counts and the incidents built on them",
  tags: ["incidents"],
  response: { 200: ImportedChannelList, ...errorResponses },
};

/** `POST /api/incidents/:id/services`. */
export const addServiceSchema = {
  summary: "Record by hand that an incident involved a catalog service",
  tags: ["incidents"],
  params: IdParams,
  body: AddIncidentServiceBody,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `DELETE /api/incidents/:id/services/:serviceId`. */
export const removeServiceSchema = {
  summary: "Remove a service recorded by hand (one from a linked PagerDuty incident follows the link)",
  tags: ["incidents"],
  params: IncidentServiceParams,
  response: { 200: IncidentResponse, ...errorResponses },
};

/** `GET /api/services`. */
export const listServicesSchema = {
  summary: "The catalog's services",
  tags: ["incidents"],
  response: { 200: CatalogServiceList, ...errorResponses },
};
