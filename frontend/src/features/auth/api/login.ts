import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { apiRequest } from "@/lib/api-client";
import type { Tokens } from "@/lib/api-types";
import { setSessionFromTokens } from "@/lib/session";

export interface LoginInput {
  email: string;
  password: string;
}

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
