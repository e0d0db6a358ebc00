import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { UpdateUserRequest, User } from "@/lib/api-types";
import { getUsersQueryOptions } from "./get-users";

/** Setting `password` resets the user's password. */
export type UpdateUserInput = UpdateUserRequest;

export function updateUser(id: string, patch: UpdateUserInput): Promise<User> {
  return api.patch<User>(apiPaths.users.one(id), patch);
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserInput }) => updateUser(id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getUsersQueryOptions().queryKey }),
  });
}
