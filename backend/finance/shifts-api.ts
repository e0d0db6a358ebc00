// Shift endpoints: open (with the float), read, list, close with the count,
// manager sign-off. Each validates, authorises and calls shifts.ts.
import { api } from "encore.dev/api";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import * as shifts from "./shifts.ts";
import { closeShiftSchema, listShiftsSchema, openShiftSchema, shiftRefSchema, signOffSchema } from "./schemas.ts";

interface OpenShiftRequest {
  propertyId: string;
  floatCents: number;
  /** Hide the expected cash from the cashier until the count is submitted. */
  blind?: boolean;
}
interface CloseShiftRequest {
  id: string;
  /** The counted cash as a total, or … */
  countedCents?: number;
  /** … by denomination of the property's currency (minor units). */
  denominations?: { valueCents: number; count: number }[];
  note?: string | null;
}
interface ShiftList { items: shifts.Shift[] }

/** Opens a shift for the caller at a property with the float received. */
export const openShift = api(
  { expose: true, auth: true, method: "POST", path: "/finance/shifts" },
  async (req: OpenShiftRequest): Promise<shifts.Shift> => {
    const { propertyId, floatCents, blind } = parseInput(openShiftSchema, req);
    return shifts.openShift(caller(), propertyId, floatCents, blind);
  },
);

/** Shifts at a property in a date range (staff: their own; managers may filter by cashier). */
export const listShifts = api(
  { expose: true, auth: true, method: "GET", path: "/finance/shifts" },
  async (req: { propertyId: string; from: string; to: string; userId?: string }): Promise<ShiftList> => {
    const { propertyId, from, to, userId } = parseInput(listShiftsSchema, req);
    return { items: await shifts.listShifts(caller(), propertyId, from, to, userId) };
  },
);

/** One shift, with its expected cash so far (hidden from the cashier of a blind shift until counted). */
export const getShift = api(
  { expose: true, auth: true, method: "GET", path: "/finance/shifts/:id" },
  async (req: { id: string }): Promise<shifts.Shift> => shifts.getShift(caller(), parseInput(shiftRefSchema, req).id),
);

/** Closes a shift with the counted cash; returns expected and over/short. */
export const closeShift = api(
  { expose: true, auth: true, method: "POST", path: "/finance/shifts/:id/close" },
  async (req: CloseShiftRequest): Promise<shifts.Shift> => {
    const { id, ...input } = parseInput(closeShiftSchema, req);
    return shifts.closeShift(caller(), id, input);
  },
);

/** A manager's sign-off of a closed shift (never their own). */
export const signOffShift = api(
  { expose: true, auth: true, method: "POST", path: "/finance/shifts/:id/sign-off" },
  async (req: { id: string; note?: string | null }): Promise<shifts.Shift> => {
    const { id, note } = parseInput(signOffSchema, req);
    return shifts.signOffShift(caller(), id, note);
  },
);
