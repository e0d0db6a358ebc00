// Ids: UUIDv7 strings, made here and only here. They are uuid columns in the
// database (Encore's runtime binds a JS string to uuid, never to bigint) and
// strings in the API. Version 7 leads with a millisecond timestamp, so ids of
// later rows sort later: ORDER BY id and keyset pages on (date, id) keep
// creation order, and index inserts stay at the right edge of the b-tree.
// The `uuid` package keeps v7 monotonic within a process (a counter for ids
// made in the same millisecond).
import { v7 } from "uuid";

/** A new id for a row about to be inserted. */
export function newId(): string {
  return v7();
}

/**
 * The one accepted spelling: 8-4-4-4-12 hex digits, any case (RFC 9562's
 * form; PostgreSQL also reads braces and undashed forms, the API does not).
 * Any version is accepted — rows migrated from bigint ids are v7 too, but an
 * id is an opaque name, not something to validate the origin of.
 */
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** The canonical (lowercase) form, which is what PostgreSQL returns and what the API compares against. */
export function canonicalId(value: string): string {
  return value.toLowerCase();
}
