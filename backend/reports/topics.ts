// Notices the reports service publishes after the cash book changed, so live
// dashboards can refetch exactly what moved.
import { Topic } from "encore.dev/pubsub";

export interface CashBookUpdated {
  orgId: string;
  propertyId: string;
  /** Business dates whose figures changed (a change on D also moves every later stored date). */
  dates: string[];
  /** The finance events now reflected in the cash book and the day's report (a close or shift event moves no money but changes the report). */
  eventIds: string[];
  updatedAt: string;
}

/** Everything one committed fold batch changed: one message per batch, not per property, to keep pub/sub load flat under bursts. */
export interface CashBookUpdates {
  updates: CashBookUpdated[];
}

/** Published after each committed cash-book batch. */
export const cashBookUpdates = new Topic<CashBookUpdates>("cash-book-updates", { deliveryGuarantee: "at-least-once" });
