import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { CreateUserRequest, User } from "@/lib/api-types";
import { getUsersQueryOptions } from "./get-users";

export type CreateUserInput = CreateUserRequest;

export function createUser(input: CreateUserInput): Promise<User> {
  return api.post<User>(apiPaths.users.list, input);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getUsersQueryOptions().queryKey }),
  });
}
