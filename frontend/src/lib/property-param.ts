/**
 * The property a `?propertyId=` names, if the user may see it; else
 * undefined. Links and bookmarks outlive ids (ids became UUIDs, a user can
 * lose a property), and an id the API would refuse should fall back to "all"
 * or the first property, not turn the page into an error.
 */
export function knownPropertyId(properties: readonly { id: string }[], raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const id = raw.toLowerCase(); // the API answers with lowercase ids
  return properties.some((p) => p.id === id) ? id : undefined;
}
