import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isApiError } from "../../../api/client";
import type { User } from "../../../api/types";
import { fetchMe, login, logout } from "../api/auth-api";

/** Query key of the signed-in user. */
export const ME_KEY = ["me"] as const;

/**
 * The signed-in user, or null when there is no session. Errors other than 401 (the
 * server is down) stay errors so the shell can say so.
 */
export function useMe() {
  return useQuery<User | null>({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await fetchMe(signal);
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The signed-in user, for components rendered only behind the sign-in gate. */
export function useCurrentUser(): User {
  const me = useMe();
  if (!me.data) throw new Error("useCurrentUser outside the signed-in area");
  return me.data;
}

/** Signs in; on success the user is in the cache and every other query is fresh. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => login(email, password),
    onSuccess: (user) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, user);
    },
  });
}

/**
 * Signs out, then loads the login page afresh: nothing of the old session stays in
 * memory, and no page of the signed-in area renders for a moment without its user.
 */
export function useLogout() {
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      window.location.assign("/login");
    },
  });
}
