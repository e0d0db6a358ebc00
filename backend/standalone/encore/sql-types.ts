// PostgreSQL types as Encore's runtime (tokio-postgres) models them: a known
// builtin by OID, or a custom type read from pg_type with its kind (enum,
// domain, array, composite, range). Binding and row conversion dispatch on
// these; their Display and Debug texts are what Encore's errors print.
import { BUILTIN_TYPES } from "./pg-builtin-types.ts";

export type PgKind =
  | { kind: "simple" }
  | { kind: "pseudo" }
  | { kind: "enum"; variants: string[] }
  | { kind: "array"; member: PgType }
  | { kind: "range"; sub: PgType }
  | { kind: "domain"; base: PgType }
  | { kind: "composite"; fields: { name: string; type: PgType }[] };

export interface PgType {
  oid: number;
  name: string;
  schema: string;
  kind: PgKind;
  /** The Rust variant name of a builtin (its Debug text); undefined for custom types. */
  variant?: string;
}

/** `impl Display for Type`: the name, schema-qualified outside public and pg_catalog. */
export function displayType(t: PgType): string {
  return t.schema === "public" || t.schema === "pg_catalog" ? t.name : `${t.schema}.${t.name}`;
}

// ---- Rust `{:?}` / `{:#?}` for the shapes Encore's errors contain ----

export type Dbg = { s: string } | { raw: string } | { tuple: string; items: Dbg[] } | { struct: string; fields: [string, Dbg][] } | { list: Dbg[] };

// Rust escapes like JSON except control characters, which it writes as \u{8}.
const rustStr = (s: string) =>
  JSON.stringify(s).replace(/\\(u([0-9a-f]{4})|.)/g, (all, esc: string, hex?: string) =>
    hex ? `\\u{${hex.replace(/^0+(?=.)/, "")}}` : esc === "b" ? "\\u{8}" : esc === "f" ? "\\u{c}" : all);

export function fmtDebug(v: Dbg, pretty: boolean, indent = ""): string {
  if ("s" in v) return rustStr(v.s);
  if ("raw" in v) return v.raw;
  const inner = indent + "    ";
  const items = "list" in v ? v.list.map((x) => fmtDebug(x, pretty, inner))
    : "tuple" in v ? v.items.map((x) => fmtDebug(x, pretty, inner))
    : v.fields.map(([k, x]) => `${k}: ${fmtDebug(x, pretty, inner)}`);
  const [open, close, head] = "list" in v ? ["[", "]", ""] : "tuple" in v ? ["(", ")", v.tuple] : [" {", "}", v.struct];
  if (items.length === 0) return "list" in v ? "[]" : head;
  if (!pretty) return "struct" in v ? `${head} { ${items.join(", ")} }` : `${head}${open}${items.join(", ")}${close}`;
  return `${head}${open}\n${items.map((x) => `${inner}${x},\n`).join("")}${indent}${close}`;
}

/** `impl Debug for Type`. */
export function debugType(t: PgType): Dbg {
  if (t.variant) return { raw: t.variant };
  const k = t.kind;
  const kind: Dbg = k.kind === "simple" ? { raw: "Simple" }
    : k.kind === "pseudo" ? { raw: "Pseudo" }
    : k.kind === "enum" ? { tuple: "Enum", items: [{ list: k.variants.map((s) => ({ s })) }] }
    : k.kind === "array" ? { tuple: "Array", items: [debugType(k.member)] }
    : k.kind === "range" ? { tuple: "Range", items: [debugType(k.sub)] }
    : k.kind === "domain" ? { tuple: "Domain", items: [debugType(k.base)] }
    : { tuple: "Composite", items: [{ list: k.fields.map((f) => ({ struct: "Field", fields: [["name", { s: f.name }], ["type_", debugType(f.type)]] as [string, Dbg][] })) }] };
  return { tuple: "Other", items: [{ struct: "Other", fields: [["name", { s: t.name }], ["oid", { raw: String(t.oid) }], ["kind", kind], ["schema", { s: t.schema }]] }] };
}

// ---- resolution ----

const types = new Map<number, PgType>();
for (const [oid, b] of BUILTIN_TYPES) types.set(oid, { oid, name: b.name, schema: "pg_catalog", kind: { kind: "simple" }, variant: b.variant });
for (const [oid, b] of BUILTIN_TYPES) if (b.member !== undefined) types.get(oid)!.kind = { kind: "array", member: types.get(b.member)! };

/** A type already known (builtin, or custom and loaded before). */
export function knownType(oid: number): PgType | undefined { return types.get(oid); }

type Query = (sql: string, params: unknown[]) => Promise<{ rows: any[] }>;

// tokio-postgres prepare.rs TYPEINFO_QUERY, plus enum labels and composite
// fields in the same row so a type's closure loads in few round trips.
const TYPEINFO = `
  SELECT t.oid::int8 AS oid, t.typname AS name, t.typtype AS typtype, t.typelem::int8 AS elem, r.rngsubtype::int8 AS sub,
         t.typbasetype::int8 AS base, n.nspname AS schema,
         ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
         ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_names,
         ARRAY(SELECT a.atttypid::int8 FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS field_types,
         t.typrelid::int8 AS relid
  FROM pg_catalog.pg_type t
  LEFT OUTER JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
  INNER JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid
  WHERE t.oid = ANY($1::oid[])`;

/** Resolves OIDs (and every type they refer to) into PgTypes, querying pg_type for the custom ones once per process. */
export async function resolveTypes(query: Query, oids: readonly number[]): Promise<PgType[]> {
  let missing = [...new Set(oids)].filter((o) => !types.has(o));
  const loaded: any[] = [];
  while (missing.length) {
    const { rows } = await query(TYPEINFO, [missing]);
    if (rows.length < missing.length) throw new Error(`encore: unknown type oid in ${missing.join(", ")}`);
    loaded.push(...rows);
    const seen = new Set(loaded.map((r) => Number(r.oid)));
    missing = [...new Set(rows.flatMap((r) => [r.elem, r.sub, r.base, ...r.field_types].map(Number)).filter((o) => o && !types.has(o) && !seen.has(o)))];
  }
  // Create every loaded type first, then fill kinds, so types may refer to one another.
  const fresh = new Map<number, { t: PgType; r: any }>();
  for (const r of loaded) fresh.set(Number(r.oid), { t: { oid: Number(r.oid), name: r.name, schema: r.schema, kind: { kind: "simple" } }, r });
  const get = (o: number) => types.get(o) ?? fresh.get(o)!.t;
  for (const { t, r } of fresh.values()) {
    // The order of tokio-postgres `get_type`.
    t.kind = r.typtype === "e" ? { kind: "enum", variants: r.labels }
      : r.typtype === "p" ? { kind: "pseudo" }
      : Number(r.base) !== 0 ? { kind: "domain", base: get(Number(r.base)) }
      : Number(r.elem) !== 0 ? { kind: "array", member: get(Number(r.elem)) }
      : Number(r.relid) !== 0 ? { kind: "composite", fields: r.field_names.map((name: string, i: number) => ({ name, type: get(Number(r.field_types[i])) })) }
      : r.sub !== null ? { kind: "range", sub: get(Number(r.sub)) }
      : { kind: "simple" };
  }
  for (const { t } of fresh.values()) types.set(t.oid, t);
  return oids.map((o) => types.get(o)!);
}
