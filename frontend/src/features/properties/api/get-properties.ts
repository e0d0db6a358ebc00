import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Property, PropertyList } from "@/lib/api-types";

/** Largest page the settings screen asks for; an organisation with more properties pages on. */
const PROPERTIES_PAGE_SIZE = 200;

/** All properties of the organisation (follows the cursor). */
export async function getProperties(signal?: AbortSignal): Promise<Property[]> {
  const all: Property[] = [];
  let cursor: string | null = null;
  do {
    const page: PropertyList = await api.get<PropertyList>(apiPaths.properties.list, { limit: PROPERTIES_PAGE_SIZE, cursor }, signal);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export function getPropertiesQueryOptions() {
  return queryOptions({ queryKey: ["properties"], queryFn: ({ signal }) => getProperties(signal) });
}

export function useProperties() {
  return useQuery(getPropertiesQueryOptions());
}
