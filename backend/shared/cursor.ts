// Page cursors: the sort key of a page's last row, opaque to clients
// (base64url of its parts joined by "|"). Each endpoint says what its parts
// are; anything it cannot read back is the same 400, which a client recovers
// from by starting over.
import { APIError } from "encore.dev/api";

export const encodeCursor = (...parts: (string | number)[]): string => Buffer.from(parts.join("|")).toString("base64url");

/** `read` turns the cursor's parts into the endpoint's key, or null when they are not one it made. */
export function decodeCursor<T>(cursor: string, read: (parts: string[]) => T | null): T {
  const key = read(Buffer.from(cursor, "base64url").toString().split("|"));
  if (key === null) throw APIError.invalidArgument("cursor: is not a cursor this endpoint returned").withDetails({ field: "cursor" });
  return key;
}
