// The event store's cash-book deltas for the reports service, which owns the
// cash book and rebuilds it from them (reports/replay.ts). Internal, called
// via ~encore/clients: replay is the only reader, so a page per call costs
// one indexed range scan (domain_events_org_property_seq_idx) and nothing is cached.
import { api } from "encore.dev/api";
import { z } from "zod";
import { idSchema, parseInput } from "../shared/validation.ts";
import { cashDeltasAfter, type StoredDeltas } from "./event-store.ts";

/** Events per page: large enough that a property's history takes few calls, small enough to bound one response. */
export const CASH_DELTAS_PAGE = 5000;

interface CashDeltasRequest { orgId: string; propertyId: string; afterSeq: number }
interface CashDeltasPage {
  events: StoredDeltas[];
  /** Pass as afterSeq for the next page; null when this page was the last. */
  nextAfterSeq: number | null;
}

const cashDeltasInput = z.object({ orgId: idSchema, propertyId: idSchema, afterSeq: z.number().int().min(0) });

/** Internal: one page of a property's stored events (seq order) with their cash-book deltas. */
export const cashDeltas = api(
  { expose: false, method: "POST", path: "/events/internal/cash-deltas" },
  async (req: CashDeltasRequest): Promise<CashDeltasPage> => {
    const f = parseInput(cashDeltasInput, req);
    const events = await cashDeltasAfter(f.orgId, f.propertyId, f.afterSeq, CASH_DELTAS_PAGE);
    return { events, nextAfterSeq: events.length === CASH_DELTAS_PAGE ? Number(events[events.length - 1].seq) : null };
  },
);
