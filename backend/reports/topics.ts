// Notices the reports service publishes after the cash book changed, so live
// dashboards can refetch exactly what moved.
import { Topic } from "encore.dev/pubsub";

export interface CashBookUpdated {
  orgId: string;
  propertyId: string;
  /** Business dates whose figures changed (a change on D also moves every later stored date). */
  dates: string[];
  /** The finance events whose effects are now in the cash book. */
  eventIds: string[];
  updatedAt: string;
}

/** Published after each committed cash-book batch, one message per (organisation, property). */
export const cashBookUpdates = new Topic<CashBookUpdated>("cash-book-updates", { deliveryGuarantee: "at-least-once" });
