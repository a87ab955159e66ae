import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchImport, fetchImports, type ImportUpload, startImport } from "../api/imports-api";

const UNFINISHED = new Set(["queued", "running", "pending"]);

/** Recent imports; polled while any is still queued or running. */
export function useImports(enabled: boolean) {
  return useQuery({
    queryKey: ["imports"],
    queryFn: ({ signal }) => fetchImports(signal),
    enabled,
    refetchInterval: (query) => (query.state.data?.some((job) => UNFINISHED.has(job.status)) ? 1500 : false),
  });
}

/** Uploads a file and queues its import; imported data changes every incident view. */
export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (upload: ImportUpload) => startImport(upload),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["imports"] });
      void client.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
}

/** One job (none while `id` is null); polled until it has finished. */
export function useImportJob(id: number | null) {
  return useQuery({
    queryKey: ["imports", id],
    queryFn: ({ signal }) => fetchImport(id as number, signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !UNFINISHED.has(query.state.data.status) ? false : 1000),
  });
}
