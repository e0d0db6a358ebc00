// Admin operations on properties and users, scoped to the caller's organisation.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { AuthData, Role } from "../shared/auth-data.ts";
import { propertyChanged } from "../shared/property-facts.ts";
import { excludePropertyWrites } from "../shared/property-write-lock.ts";
import { finance } from "~encore/clients";
import { getProperty, insertProperty, listProperties, lockProperty, updateProperty, type NewProperty, type Property, type PropertyChanges } from "./properties.ts";
import { listLocks, unlockAccount, type LoginLock } from "./login-throttle.ts";
import { countActiveAdmins, getUser, insertUser, listUsers, lockAdminsAnd, setUserProperties, updateUser, type User } from "./users.ts";
import { revokeAllForUser } from "./refresh-tokens.ts";
import { hashPassword } from "./passwords.ts";
import { forgetAccess } from "./access.ts";
import type { Queryer } from "../shared/db.ts";

/** A second property with the same name (case and spaces aside) in one organisation: said in words, naming the field. */
function duplicateName<T>(name: string | undefined): (err: unknown) => T {
  return (err) => {
    if ((err as { code?: string; constraint?: string }).constraint === "properties_org_name_unique") {
      throw APIError.alreadyExists(`name: the organisation already has a property named "${name}"; choose another name`).withDetails({ field: "name" });
    }
    throw err;
  };
}

export async function createProperty(auth: AuthData, p: NewProperty): Promise<Property> {
  const property = await withDbErrors(() => insertProperty(db, auth.orgId, p).catch(duplicateName<Property>(p.name)));
  forgetAccess();
  return property;
}

export async function editProperty(auth: AuthData, id: string, p: PropertyChanges): Promise<Property> {
  return withDbErrors(async () => {
    await using tx = await db.begin();
    // A currency change waits for finance's writes in flight and holds new ones off until it commits (shared/property-write-lock.ts).
    if (p.currency !== undefined) await excludePropertyWrites(tx, auth.orgId, id);
    const before = await lockProperty(tx, auth.orgId, id);
    if (!before) throw APIError.notFound(`property ${id} not found`);
    if (p.currency !== undefined && p.currency !== before.currency) {
      // Amounts are stored in minor units of the property's currency: a new
      // currency would silently rescale every recorded amount (₹100.50 read as ¥10,050).
      const usage = await finance.propertyUsage({ propertyId: id });
      if (usage.hasEntries) {
        throw APIError.failedPrecondition(
          `currency: ${before.name} already has revenues or expenses recorded in ${before.currency}; ` +
          `its currency cannot change, because every amount would be read in ${p.currency}. Create a new property for ${p.currency} instead.`,
        ).withDetails({ field: "currency" });
      }
    }
    const property = (await updateProperty(tx, auth.orgId, id, p).catch(duplicateName<Property | null>(p.name)))!;
    await tx.commit();
    // Other services' cached facts in this process (an archive, a new zone) take effect on their next read.
    propertyChanged(auth.orgId, id);
    return property;
  });
}

export async function visibleProperties(auth: AuthData): Promise<Property[]> {
  return listProperties(db, auth.orgId, auth.role === "staff" ? auth.propertyIds : undefined);
}

export async function findProperty(auth: AuthData, id: string): Promise<Property> {
  const p = auth.propertyIds.includes(id) ? await getProperty(db, auth.orgId, id) : null;
  if (!p) throw APIError.notFound(`property ${id} not found`);
  return p;
}

async function assertOwnProperties(q: Queryer, orgId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await listProperties(q, orgId, unique);
  if (found.length !== unique.length) {
    const missing = unique.filter((id) => !found.some((p) => p.id === id));
    throw APIError.notFound(`property ${missing[0]} not found`).withDetails({ field: "propertyIds" });
  }
  return unique;
}

export async function createUser(auth: AuthData, u: { email: string; displayName: string; password: string; role: Role; propertyIds: string[] }): Promise<User> {
  const passwordHash = await hashPassword(u.password);
  return withDbErrors(async () => {
    await using tx = await db.begin();
    const propertyIds = await assertOwnProperties(tx, auth.orgId, u.propertyIds);
    let id: string;
    try {
      id = await insertUser(tx, auth.orgId, { email: u.email, displayName: u.displayName, passwordHash, role: u.role });
    } catch (err) {
      if ((err as { code?: string }).code === "23505") throw APIError.alreadyExists("email: an account with this email already exists").withDetails({ field: "email" });
      throw err;
    }
    await setUserProperties(tx, auth.orgId, id, propertyIds);
    const user = (await getUser(tx, auth.orgId, id))!;
    await tx.commit();
    return user;
  });
}

export async function editUser(
  auth: AuthData, id: string,
  u: { displayName?: string; role?: Role; propertyIds?: string[]; active?: boolean; password?: string },
): Promise<User> {
  const passwordHash = u.password ? await hashPassword(u.password) : undefined;
  const user = await withDbErrors(async () => {
    await using tx = await db.begin();
    // Before any change, lock the organisation's admins and the user edited,
    // in id order. Concurrent edits then queue on the same first row, so the
    // last admin cannot be removed by a race, and two admins demoting each
    // other cannot deadlock (each used to update its target, then wait for
    // the other's row to lock all admins). Admins promoted meanwhile are only
    // more admins; the count below sees them.
    await lockAdminsAnd(tx, auth.orgId, id);
    const before = await getUser(tx, auth.orgId, id);
    if (!before) throw APIError.notFound(`user ${id} not found`);
    await updateUser(tx, auth.orgId, id, { displayName: u.displayName, role: u.role, active: u.active, passwordHash });
    if (u.propertyIds) await setUserProperties(tx, auth.orgId, id, await assertOwnProperties(tx, auth.orgId, u.propertyIds));
    if ((await countActiveAdmins(tx, auth.orgId)) === 0) {
      throw APIError.failedPrecondition("the organisation must keep at least one active admin");
    }
    if (u.active === false || passwordHash) await revokeAllForUser(tx, id);
    // A password reset is how an admin lets someone back in: it lifts their sign-in locks too.
    if (passwordHash) await unlockAccount(tx, auth.orgId, before, auth.userID, "password reset by an admin");
    const after = (await getUser(tx, auth.orgId, id))!;
    await tx.commit();
    return after;
  });
  forgetAccess();
  return user;
}

export async function visibleUsers(auth: AuthData): Promise<User[]> {
  return listUsers(db, auth.orgId, auth.role === "staff" ? auth.userID : undefined);
}

/** Lifts a user's sign-in locks (admin); the lift is recorded with the admin and the reason. */
export async function unlockUser(auth: AuthData, id: string, reason: string): Promise<{ unlockedLocks: number }> {
  return withDbErrors(async () => {
    await using tx = await db.begin();
    const user = await getUser(tx, auth.orgId, id);
    if (!user) throw APIError.notFound(`user ${id} not found`);
    const unlockedLocks = await unlockAccount(tx, auth.orgId, user, auth.userID, reason);
    await tx.commit();
    return { unlockedLocks };
  });
}

export async function signInLocks(auth: AuthData, limit: number): Promise<LoginLock[]> {
  return listLocks(db, auth.orgId, limit);
}
