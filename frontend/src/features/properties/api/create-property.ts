import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { CreatePropertyRequest, Property } from "@/lib/api-types";
import { getPropertiesQueryOptions } from "./get-properties";

export type PropertyInput = CreatePropertyRequest;

export function createProperty(input: PropertyInput): Promise<Property> {
  return api.post<Property>(apiPaths.properties.list, input);
}

export function useCreateProperty({ onSuccess }: { onSuccess?: (p: Property) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProperty,
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: getPropertiesQueryOptions().queryKey });
      onSuccess?.(p);
    },
  });
}
