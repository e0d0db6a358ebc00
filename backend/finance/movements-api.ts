// Cash movement endpoints: record, list, approve, reject, delete. Each
// validates, authorises and calls movements.ts.
import { api } from "encore.dev/api";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import * as movements from "./movements.ts";
import { createMovementSchema, listMovementsSchema, movementRefSchema, rejectMovementSchema } from "./schemas.ts";

interface CreateMovementRequest {
  propertyId: string;
  /** cash_drop and bank_deposit: cash out, bank in; float_top_up: cash in, bank out; paid_out: cash out. */
  movementType: "cash_drop" | "bank_deposit" | "float_top_up" | "paid_out";
  amountCents: number;
  /** Business date, default the property's today. */
  date?: string;
  /** Required for a bank deposit. */
  bankReference?: string | null;
  description?: string | null;
}
interface MovementRef { id: string }
interface MovementList { items: movements.Movement[] }

/** Records a cash movement: staff's start pending, a manager's or admin's are approved at once. */
export const createMovement = api(
  { expose: true, auth: true, method: "POST", path: "/finance/movements" },
  async (req: CreateMovementRequest): Promise<movements.Movement> => movements.createMovement(caller(), parseInput(createMovementSchema, req)),
);

/** A property's cash movements in a date range (newest first, at most 500). */
export const listMovements = api(
  { expose: true, auth: true, method: "GET", path: "/finance/movements" },
  async (req: { propertyId: string; from: string; to: string }): Promise<MovementList> => {
    const { propertyId, from, to } = parseInput(listMovementsSchema, req);
    return { items: await movements.listMovements(caller(), propertyId, from, to) };
  },
);

/** Approves a pending movement (manager or admin; never one's own). */
export const approveMovement = api(
  { expose: true, auth: true, method: "POST", path: "/finance/movements/:id/approve" },
  async (req: MovementRef): Promise<movements.Movement> => movements.approveMovement(caller(), parseInput(movementRefSchema, req).id),
);

/** Rejects a pending movement with a reason (manager or admin; never one's own). */
export const rejectMovement = api(
  { expose: true, auth: true, method: "POST", path: "/finance/movements/:id/reject" },
  async (req: { id: string; reason: string }): Promise<movements.Movement> => {
    const { id, reason } = parseInput(rejectMovementSchema, req);
    return movements.rejectMovement(caller(), id, reason);
  },
);

/** Deletes a movement (soft): pending by its creator or a manager, approved by a manager, while its day is open. */
export const deleteMovement = api(
  { expose: true, auth: true, method: "DELETE", path: "/finance/movements/:id" },
  async (req: MovementRef): Promise<void> => {
    await movements.deleteMovement(caller(), parseInput(movementRefSchema, req).id);
  },
);
