import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { apiRequest } from "@/lib/api-client";
import type { RequestOf, Tokens } from "@/lib/api-types";
import type { signup as signupEndpoint } from "@backend/auth/api.ts";
import { setSessionFromTokens } from "@/lib/session";

/** The body of POST /auth/signup (the client address is the proxy's header, not the form's). */
export type SignupInput = Omit<RequestOf<typeof signupEndpoint>, "forwardedFor">;

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
