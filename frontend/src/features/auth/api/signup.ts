import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { apiRequest } from "@/lib/api-client";
import type { Tokens } from "@/lib/api-types";
import { setSessionFromTokens } from "@/lib/session";

export interface SignupInput {
  organizationName: string;
  email: string;
  password: string;
  displayName: string;
}

/** Creates an organisation; the caller becomes its admin. */
export function signup(input: SignupInput): Promise<Tokens> {
  return apiRequest<Tokens>(apiPaths.auth.signup, { method: "POST", body: input, auth: false });
}

export function useSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signup,
    onSuccess: (tokens) => {
      queryClient.clear();
      setSessionFromTokens(tokens);
    },
  });
}
