// The text form every API response gives an instant in: RFC 3339 in UTC with
// milliseconds (2026-01-01T00:00:00.123Z), made by PostgreSQL so a row reads
// the same through Encore's runtime and the standalone host (they return
// timestamptz differently). For SQL built as text (rawQuery, column lists).
export const isoUtc = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
