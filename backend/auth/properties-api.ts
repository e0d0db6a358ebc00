// Property endpoints: everyone lists what they may access; admins create and edit.
import { api } from "encore.dev/api";
import { caller, requireRole } from "../shared/authz.ts";
import { idSchema, parseInput } from "../shared/validation.ts";
import { createPropertySchema, updatePropertySchema } from "./schemas.ts";
import * as admin from "./admin.ts";
import type { Property } from "./properties.ts";
import { z } from "zod";

interface PropertyList { items: Property[]; nextCursor: string | null }
interface CreatePropertyRequest { name: string; timezone?: string; currency?: string; openingCashCents?: number }
interface UpdatePropertyRequest { id: string; name?: string; timezone?: string; currency?: string; openingCashCents?: number; archived?: boolean }

/** Properties the caller may access (all of the organisation's for admins and managers). */
export const listProperties = api(
  { expose: true, auth: true, method: "GET", path: "/properties" },
  async (): Promise<PropertyList> => ({ items: await admin.visibleProperties(caller()), nextCursor: null }),
);

const getPropertyInput = z.object({ id: idSchema });

/** One property the caller may access. */
export const getProperty = api(
  { expose: true, auth: true, method: "GET", path: "/properties/:id" },
  async (req: { id: string }): Promise<Property> => admin.findProperty(caller(), parseInput(getPropertyInput, req).id),
);

/** Creates a property (admin). */
export const createProperty = api(
  { expose: true, auth: true, method: "POST", path: "/properties" },
  async (req: CreatePropertyRequest): Promise<Property> => {
    const auth = caller();
    requireRole(auth, "admin");
    return admin.createProperty(auth, parseInput(createPropertySchema, req));
  },
);

/** Updates a property's name, time zone, currency or opening cash, or archives it (admin). The currency is fixed once entries exist (400 failed_precondition). */
export const updateProperty = api(
  { expose: true, auth: true, method: "PATCH", path: "/properties/:id" },
  async (req: UpdatePropertyRequest): Promise<Property> => {
    const auth = caller();
    requireRole(auth, "admin");
    const { id, ...changes } = parseInput(updatePropertySchema, req);
    return admin.editProperty(auth, id, changes);
  },
);
