import { useQuery } from "@tanstack/react-query";
import { fetchComments, fetchDismissals, fetchReferences, fetchReview } from "../api/review-api";

/** Query keys of one incident's review. */
export const reviewKeys = {
  all: (incidentId: number) => ["review", incidentId] as const,
  version: (incidentId: number, version: number | null) => ["review", incidentId, "version", version] as const,
  comments: (incidentId: number) => ["review", incidentId, "comments"] as const,
  references: (incidentId: number) => ["review", incidentId, "references"] as const,
  dismissals: (incidentId: number) => ["review", incidentId, "dismissals"] as const,
};

/** The review (latest version, or `version`); null data when none was started. */
export function useReview(incidentId: number, version: number | null = null) {
  return useQuery({ queryKey: reviewKeys.version(incidentId, version), queryFn: ({ signal }) => fetchReview(incidentId, version, signal) });
}

/** Comments per section (members and up). */
export function useReviewComments(incidentId: number, enabled: boolean) {
  return useQuery({ queryKey: reviewKeys.comments(incidentId), queryFn: ({ signal }) => fetchComments(incidentId, signal), enabled });
}

/** Collected references (analysts). */
export function useReviewReferences(incidentId: number, enabled: boolean) {
  return useQuery({ queryKey: reviewKeys.references(incidentId), queryFn: ({ signal }) => fetchReferences(incidentId, signal), enabled });
}

/** Dismissed hints (analysts). */
export function useHintDismissals(incidentId: number, enabled: boolean) {
  return useQuery({ queryKey: reviewKeys.dismissals(incidentId), queryFn: ({ signal }) => fetchDismissals(incidentId, signal), enabled });
}
