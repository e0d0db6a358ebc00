// The reversal endpoint: corrects an approved entry (on a closed day too) by
// a new entry that takes back all or part of it; refunds of a revenue are
// partial reversals.
import { api } from "encore.dev/api";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { reverse } from "./reversals.ts";
import { reverseSchema } from "./schemas.ts";
import type { Transaction } from "./transactions.ts";

interface ReverseRequest {
  /** `revenue` or `expense` (a plain string: Encore takes only primitive path parameters). */
  kind: string;
  id: string;
  reason: string;
  /** Default: everything not reversed yet; less than that is a partial reversal (a refund). */
  amountCents?: number;
  /** An open business date, default today in the property's time zone; not before the original's. */
  date?: string;
  /** Default: the original's payment mode. */
  paymentMode?: "cash" | "bank";
  bankReference?: string | null;
}

/** Reverses (or refunds part of) an approved entry with a reason, on an open date; the reversal goes through approval like any entry. */
export const reverseTransaction = api(
  { expose: true, auth: true, method: "POST", path: "/finance/transactions/:kind/:id/reverse" },
  async (req: ReverseRequest): Promise<Transaction> => {
    const { kind, id, ...input } = parseInput(reverseSchema, req);
    return reverse(caller(), kind, id, input);
  },
);
