// SQL for properties (owner: auth). Every query is scoped by organisation.
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { isoUtc } from "../shared/sql-time.ts";

export interface Property {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  openingCashCents: number;
  createdAt: string;
  /** When an admin archived it: hidden from entry, kept in reports. Null while in use. */
  archivedAt: string | null;
}

const COLUMNS = `id, name, timezone, currency, opening_cash_cents AS "openingCashCents", ${isoUtc("created_at")} AS "createdAt",
  ${isoUtc("archived_at")} AS "archivedAt"`;

export async function listProperties(q: Queryer, orgId: string, ids?: string[]): Promise<Property[]> {
  if (ids) {
    return q.rawQueryAll<Property>(`SELECT ${COLUMNS} FROM properties WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`, orgId, ids);
  }
  return q.rawQueryAll<Property>(`SELECT ${COLUMNS} FROM properties WHERE org_id = $1 ORDER BY id`, orgId);
}

export async function getProperty(q: Queryer, orgId: string, id: string): Promise<Property | null> {
  return q.rawQueryRow<Property>(`SELECT ${COLUMNS} FROM properties WHERE org_id = $1 AND id = $2`, orgId, id);
}

/** Each property's opening cash (the cash book's first opening balance), optionally one property only. */
export async function openingCash(q: Queryer, orgId: string, propertyIds: string[] | null): Promise<{ id: string; openingCashCents: number }[]> {
  return q.queryAll`
    SELECT id, opening_cash_cents AS "openingCashCents" FROM properties
     WHERE org_id = ${orgId} AND (${propertyIds}::uuid[] IS NULL OR id = ANY(${propertyIds}::uuid[])) ORDER BY id`;
}

/** Opening cash of the given (organisation, property) pairs, across organisations in one query; unknown pairs are left out. */
export async function openingCashOfPairs(q: Queryer, pairs: { orgId: string; propertyId: string }[]): Promise<{ orgId: string; id: string; openingCashCents: number }[]> {
  return q.queryAll`
    SELECT p.org_id AS "orgId", p.id, p.opening_cash_cents AS "openingCashCents"
      FROM properties p JOIN unnest(${pairs.map((k) => k.orgId)}::uuid[], ${pairs.map((k) => k.propertyId)}::uuid[]) AS k(o, i) ON p.org_id = k.o AND p.id = k.i`;
}

/** The organisation a property belongs to, or null. */
export async function organizationOfProperty(q: Queryer, propertyId: string): Promise<string | null> {
  const row = await q.queryRow<{ orgId: string }>`SELECT org_id AS "orgId" FROM properties WHERE id = ${propertyId}::uuid`;
  return row?.orgId ?? null;
}

export interface NewProperty { name: string; timezone: string; currency: string; openingCashCents: number }

export async function insertProperty(q: Queryer, orgId: string, p: NewProperty): Promise<Property> {
  return (await q.rawQueryRow<Property>(
    `INSERT INTO properties (id, org_id, name, timezone, currency, opening_cash_cents) VALUES ($6, $1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    orgId, p.name, p.timezone, p.currency, p.openingCashCents, newId(),
  ))!;
}

export interface PropertyChanges extends Partial<NewProperty> { archived?: boolean }

export async function updateProperty(q: Queryer, orgId: string, id: string, p: PropertyChanges): Promise<Property | null> {
  return q.rawQueryRow<Property>(
    `UPDATE properties SET
       name = COALESCE($3, name),
       timezone = COALESCE($4, timezone),
       currency = COALESCE($5, currency),
       opening_cash_cents = COALESCE($6, opening_cash_cents),
       archived_at = CASE WHEN $7::boolean IS NULL THEN archived_at WHEN $7 THEN COALESCE(archived_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE org_id = $1 AND id = $2
     RETURNING ${COLUMNS}`,
    orgId, id, p.name ?? null, p.timezone ?? null, p.currency ?? null, p.openingCashCents ?? null, p.archived ?? null,
  );
}

/** Row-locks a property for the length of the transaction, so its currency cannot change under a check. */
export async function lockProperty(q: Queryer, orgId: string, id: string): Promise<Property | null> {
  return q.rawQueryRow<Property>(`SELECT ${COLUMNS} FROM properties WHERE org_id = $1 AND id = $2 FOR UPDATE`, orgId, id);
}
