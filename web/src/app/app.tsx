import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { isApiError, setUnauthorizedHandler } from "../api/client";
import { AccountsPage } from "../features/admin/components/accounts-page";
import { AuditPage } from "../features/admin/components/audit-page";
import { ReviewTemplatesPage } from "../features/admin/components/review-templates-page";
import { TokensPage } from "../features/admin/components/tokens-page";
import { LoginPage } from "../features/auth/components/login-page";
import { ME_KEY } from "../features/auth/queries/use-me";
import { FollowUpsPage } from "../features/follow-ups/components/follow-ups-page";
import { IncidentFollowUps } from "../features/follow-ups/components/incident-follow-ups";
import { GuideView } from "../features/guide/components/guide-view";
import { ImportsPage } from "../features/imports/components/imports-page";
import { LearningDashboardPage } from "../features/learning/components/learning-dashboard-page";
import { IncidentMeetings } from "../features/learning/components/incident-meetings";
import { MeetingPage } from "../features/learning/components/meeting-page";
import { LibraryPage } from "../features/library/components/library-page";
import { ReaderPage } from "../features/library/components/reader-page";
import { IncidentListPage } from "../features/incidents/components/incident-list-page";
import { IncidentDetails } from "../features/incidents/components/incident-details";
import { IncidentWorkspace } from "../features/incidents/components/incident-workspace";
import { AnonymousPage } from "../features/interviews/components/anonymous-page";
import { InterviewsView } from "../features/interviews/components/interviews-view";
import { InsightsPage } from "../features/insights/components/insights-page";
import { PeopleDirectoryPage } from "../features/people/components/people-directory-page";
import { PersonPage } from "../features/people/components/person-page";
import { PeopleView } from "../features/people/components/people-view";
import { ReviewView } from "../features/review/components/review-view";
import { SearchPage } from "../features/search/components/search-page";
import { TimelineView } from "../features/timeline/components/timeline-view";
import { AppShell } from "./app-shell";
import { NotFoundPage } from "./not-found-page";
import { RequireAuth } from "./require-auth";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers are final (forbidden, not found, signed out); only retry the rest.
        retry: (failures, error) => !isApiError(error, 400, 401, 403, 404, 409) && failures < 2,
      },
    },
  });
}

const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  // Anonymous input: no sign-in, the token in the fragment.
  { path: "/anonymous", element: <AnonymousPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to="/incidents" replace /> },
          { path: "incidents", element: <IncidentListPage /> },
          {
            path: "incidents/:incidentId",
            element: <IncidentWorkspace />,
            children: [
              { index: true, element: <Navigate to="timeline" replace /> },
              { path: "timeline", element: <TimelineView /> },
              { path: "people", element: <PeopleView /> },
              { path: "guide", element: <GuideView /> },
              { path: "interviews", element: <InterviewsView /> },
              { path: "review", element: <ReviewView /> },
              { path: "follow-ups", element: <IncidentFollowUps /> },
              { path: "meetings", element: <IncidentMeetings /> },
              { path: "details", element: <IncidentDetails /> },
            ],
          },
          { path: "imports", element: <ImportsPage /> },
          { path: "people", element: <PeopleDirectoryPage /> },
          { path: "people/:personId", element: <PersonPage /> },
          { path: "library", element: <LibraryPage /> },
          { path: "library/:entryId", element: <ReaderPage /> },
          { path: "learning", element: <LearningDashboardPage /> },
          { path: "incidents/:incidentId/meetings/:meetingId", element: <MeetingPage /> },
          { path: "follow-ups", element: <FollowUpsPage /> },
          { path: "search", element: <SearchPage /> },
          { path: "insights", element: <Navigate to="/insights/silos" replace /> },
          { path: "insights/:kind", element: <InsightsPage /> },
          { path: "admin", element: <Navigate to="/admin/accounts" replace /> },
          { path: "admin/accounts", element: <AccountsPage /> },
          { path: "admin/audit", element: <AuditPage /> },
          { path: "admin/review-templates", element: <ReviewTemplatesPage /> },
          { path: "users", element: <Navigate to="/admin/accounts" replace /> },
          { path: "audit", element: <Navigate to="/admin/audit" replace /> },
          { path: "tokens", element: <TokensPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/** The whole app: one query cache, the router, and the "session ended" hook. */
export function App() {
  const [queryClient] = useState(makeQueryClient);
  useEffect(() => {
    // A 401 anywhere means the session is gone: forget the user, and the sign-in gate
    // sends the reader to the login page with the path they were on.
    setUnauthorizedHandler(() => queryClient.setQueryData(ME_KEY, null));
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
