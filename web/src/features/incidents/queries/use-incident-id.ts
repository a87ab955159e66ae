import { useParams } from "react-router";

/** The `:incidentId` of the current route as a number (NaN when it is not one). */
export function useIncidentId(): number {
  const { incidentId } = useParams();
  return Number(incidentId);
}
