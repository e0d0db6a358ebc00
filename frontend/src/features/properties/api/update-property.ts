import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Property, UpdatePropertyRequest } from "@/lib/api-types";
import { getPropertiesQueryOptions } from "./get-properties";

export type PropertyPatch = UpdatePropertyRequest;

export function updateProperty(id: string, patch: PropertyPatch): Promise<Property> {
  return api.patch<Property>(apiPaths.properties.one(id), patch);
}

export function useUpdateProperty({ onSuccess }: { onSuccess?: (p: Property) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PropertyPatch }) => updateProperty(id, patch),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: getPropertiesQueryOptions().queryKey });
      onSuccess?.(p);
    },
  });
}
