import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { apiRequest } from "@/lib/api-client";
import { clearSession, getSession } from "@/lib/session";

/** Revokes the refresh token on the server; the local session is cleared whatever the outcome. */
export async function logout(): Promise<void> {
  const refreshToken = getSession()?.refreshToken;
  try {
    if (refreshToken) await apiRequest(apiPaths.auth.logout, { method: "POST", body: { refreshToken }, auth: false });
  } finally {
    clearSession();
  }
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logout, onSettled: () => queryClient.clear() });
}
