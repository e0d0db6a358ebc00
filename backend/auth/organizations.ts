// SQL for organizations (owner: auth).
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";

export interface Organization { id: string; name: string }

export async function insertOrganization(q: Queryer, name: string): Promise<Organization> {
  const row = await q.queryRow<{ id: string; name: string }>`
    INSERT INTO organizations (id, name) VALUES (${newId()}, ${name}) RETURNING id, name`;
  return row!;
}

export async function getOrganization(q: Queryer, orgId: string): Promise<Organization | null> {
  return q.queryRow<Organization>`SELECT id, name FROM organizations WHERE id = ${orgId}`;
}

/** The organisations, or the one given if it exists (ids ascending). */
export async function organizationIds(q: Queryer, orgId: string | null): Promise<string[]> {
  const rows = await q.queryAll<{ id: string }>`SELECT id FROM organizations WHERE (${orgId}::uuid IS NULL OR id = ${orgId}::uuid) ORDER BY id`;
  return rows.map((r) => r.id);
}
