// SQL for organizations (owner: auth).
import type { Queryer } from "../shared/db.ts";

export interface Organization { id: string; name: string }

export async function insertOrganization(q: Queryer, name: string): Promise<Organization> {
  const row = await q.queryRow<{ id: string; name: string }>`
    INSERT INTO organizations (name) VALUES (${name}) RETURNING id::text, name`;
  return row!;
}

export async function getOrganization(q: Queryer, orgId: string): Promise<Organization | null> {
  return q.queryRow<Organization>`SELECT id::text, name FROM organizations WHERE id = ${orgId}`;
}
