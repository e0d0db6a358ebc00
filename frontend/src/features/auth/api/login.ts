import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { apiRequest } from "@/lib/api-client";
import type { RequestOf, Tokens } from "@/lib/api-types";
import type { login as loginEndpoint } from "@backend/auth/api.ts";
import { setSessionFromTokens } from "@/lib/session";

/** The body of POST /auth/login (the client address is the proxy's header, not the form's). */
export type LoginInput = Omit<RequestOf<typeof loginEndpoint>, "forwardedFor">;

export function login(input: LoginInput): Promise<Tokens> {
  return apiRequest<Tokens>(apiPaths.auth.login, { method: "POST", body: input, auth: false });
}

/** Signs in, stores the tokens and forgets any cached data of a previous user. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (tokens) => {
      queryClient.clear();
      setSessionFromTokens(tokens);
    },
  });
}
