// Internal endpoints through which other services read auth's tables
// (properties, users, organisations) instead of querying them: called via
// ~encore/clients, never exposed. They take the organisation as a parameter
// because their callers are background work (the cash-book fold,
// reconciliation, replay, the live stream's access check) with no caller
// token; what they return is scoped to that organisation.
import { api } from "encore.dev/api";
import type { AuthData } from "../shared/auth-data.ts";
import type { PropertyFacts } from "../shared/property-facts.ts";
import { z } from "zod";
import { db } from "../../database.ts";
import { idSchema, parseInput } from "../shared/validation.ts";
import { listProperties, openingCash, openingCashOfPairs, organizationOfProperty } from "./properties.ts";
import { getOrganization, organizationIds } from "./organizations.ts";
import { activeLockCounts } from "./login-throttle.ts";
import { displayNames, loadAccesses, usersByEmail, type UserAccess } from "./users.ts";

interface OpeningCashRequest { orgId: string; propertyIds?: string[] }
interface OpeningCashList { properties: { id: string; openingCashCents: number }[] }

const propertyOpeningCashInput = z.object({ orgId: idSchema, propertyIds: z.array(idSchema).max(10_000).optional() });

/** Internal: the opening cash of the organisation's properties (all, or the ones listed; unknown ids are left out). */
export const propertyOpeningCash = api(
  { expose: false, method: "POST", path: "/auth/internal/opening-cash" },
  async (req: OpeningCashRequest): Promise<OpeningCashList> => {
    const f = parseInput(propertyOpeningCashInput, req);
    return { properties: await openingCash(db, f.orgId, f.propertyIds ?? null) };
  },
);

interface PropertyFactsRequest { orgId: string; propertyIds?: string[] }
interface PropertyFactsList { properties: PropertyFacts[] }

const propertyFactsInput = z.object({ orgId: idSchema, propertyIds: z.array(idSchema).max(10_000).optional() });

/** Internal: name, time zone, currency, opening cash and archived flag of the organisation's properties (all, ids ascending, or the ones listed); unknown ids and other organisations' properties are left out. */
export const propertyFacts = api(
  { expose: false, method: "POST", path: "/auth/internal/property-facts" },
  async (req: PropertyFactsRequest): Promise<PropertyFactsList> => {
    const f = parseInput(propertyFactsInput, req);
    if (f.propertyIds?.length === 0) return { properties: [] };
    const found = await listProperties(db, f.orgId, f.propertyIds);
    return {
      properties: found.map((p) => ({
        id: p.id, name: p.name, timezone: p.timezone, currency: p.currency, openingCashCents: Number(p.openingCashCents), archived: p.archivedAt !== null,
      })),
    };
  },
);

interface OrganizationNameRequest { orgId: string }
interface OrganizationName { name: string | null }

const organizationNameInput = z.object({ orgId: idSchema });

/** Internal: the organisation's name (a report's letterhead); null for an unknown id. */
export const organizationName = api(
  { expose: false, method: "POST", path: "/auth/internal/organization-name" },
  async (req: OrganizationNameRequest): Promise<OrganizationName> => {
    const f = parseInput(organizationNameInput, req);
    return { name: (await getOrganization(db, f.orgId))?.name ?? null };
  },
);

interface OpeningCashPairsRequest { properties: { orgId: string; propertyId: string }[] }
interface OpeningCashPairs { properties: { orgId: string; id: string; openingCashCents: number }[] }

const openingCashOfPropertiesInput = z.object({ properties: z.array(z.object({ orgId: idSchema, propertyId: idSchema })).max(10_000) });

/**
 * Internal: the opening cash of properties of several organisations at once (the fold's batch spans
 * hundreds of one-property organisations: one call, not one per organisation); unknown pairs are left out.
 */
export const openingCashOfProperties = api(
  { expose: false, method: "POST", path: "/auth/internal/opening-cash-of-properties" },
  async (req: OpeningCashPairsRequest): Promise<OpeningCashPairs> => {
    const f = parseInput(openingCashOfPropertiesInput, req);
    return { properties: await openingCashOfPairs(db, f.properties) };
  },
);

interface AccessRequest { userIds: string[] }
interface AccessList { users: UserAccess[] }

const userAccessInput = z.object({ userIds: z.array(idSchema).max(10_000) });

/** Internal: the current access of each user (as the auth handler loads it); unknown ids are left out. */
export const userAccess = api(
  { expose: false, method: "POST", path: "/auth/internal/user-access" },
  async (req: AccessRequest): Promise<AccessList> => {
    const f = parseInput(userAccessInput, req);
    return { users: await loadAccesses(db, f.userIds) };
  },
);

interface OrganizationsRequest { orgId?: string; propertyId?: string }
interface OrganizationList { orgIds: string[] }

const organizationsToScanInput = z.object({ orgId: idSchema.optional(), propertyId: idSchema.optional() });

/** Internal: every organisation's id, the one given if it exists, or the one owning the given property (for the replay script). */
export const organizationsToScan = api(
  { expose: false, method: "POST", path: "/auth/internal/organizations" },
  async (req: OrganizationsRequest): Promise<OrganizationList> => {
    const f = parseInput(organizationsToScanInput, req);
    if (f.propertyId) {
      const owner = await organizationOfProperty(db, f.propertyId);
      return { orgIds: owner && (!f.orgId || owner === f.orgId) ? [owner] : [] };
    }
    return { orgIds: await organizationIds(db, f.orgId ?? null) };
  },
);

interface UserNamesRequest { orgId: string; userIds: string[] }
interface UserNameList { users: { id: string; displayName: string }[] }

const userNamesInput = z.object({ orgId: idSchema, userIds: z.array(idSchema).max(10_000) });

/** Internal: display names of the organisation's users (the authors other services' lists show); unknown ids and other organisations' users are left out. */
export const userNames = api(
  { expose: false, method: "POST", path: "/auth/internal/user-names" },
  async (req: UserNamesRequest): Promise<UserNameList> => {
    const f = parseInput(userNamesInput, req);
    return { users: f.userIds.length === 0 ? [] : await displayNames(db, f.orgId, f.userIds) };
  },
);

interface LockCounts { accounts: number; addresses: number }

/** Internal: sign-in locks in force across every organisation, as counts only (the operator's attention list). */
export const signInLockCounts = api(
  { expose: false, method: "POST", path: "/auth/internal/sign-in-lock-counts" },
  async (): Promise<LockCounts> => activeLockCounts(db),
);

interface DemoPeople { people: { manager: AuthData; staff: AuthData; properties: { id: string; timezone: string }[] } | null }

/**
 * Internal: the demo organisation's manager and staff member as the auth
 * handler would see them, and its properties, once auth's demo seed
 * (demo-seed.ts) has made them; null before. Finance's demo seed records
 * their entries.
 */
export const demoPeople = api(
  { expose: false, method: "POST", path: "/auth/internal/demo-people" },
  async (): Promise<DemoPeople> => {
    const rows = await usersByEmail(db, ["manager@demo.example", "staff@demo.example"]);
    const m = rows.find((r) => r.role === "manager");
    const s = rows.find((r) => r.role === "staff");
    if (!m || !s) return { people: null };
    const properties = (await listProperties(db, m.orgId)).map((p) => ({ id: p.id, timezone: p.timezone }));
    return {
      people: {
        manager: { userID: m.id, orgId: m.orgId, role: "manager", propertyIds: properties.map((p) => p.id) },
        staff: { userID: s.id, orgId: s.orgId, role: "staff", propertyIds: s.propertyIds },
        properties,
      },
    };
  },
);
