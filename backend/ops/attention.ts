// What an operator acts on, in plain words with units: entries waiting too
// long for a manager, cash books that disagree with their entries, sign-in
// locks in force, messages no handler will retry, and the instances running.
// Counts across all organisations only: no tenant's ids, names or amounts.
// Each count comes from its owner's internal endpoint (finance's pending
// entries, reports' cash book, auth's sign-in locks; ~encore/clients), each
// on a partial index; the host's queue tables are read here.
import { db } from "../../database.ts";
import { auth, finance, reports } from "~encore/clients";
import { envNumber } from "../shared/env.ts";

/** A pending entry older than this is "stale": someone should approve or reject it. */
const staleApprovalHours = () => envNumber("OPS_STALE_APPROVAL_HOURS", 24);
/** An instance whose heartbeat is older than this is gone (the pub/sub engine releases its deliveries). */
const INSTANCE_ALIVE_S = 30;

/** One thing an operator may need to act on. */
export interface AttentionItem {
  name: "stale_approvals" | "discrepancies" | "locked_accounts" | "dead_letters" | "instances";
  /** What it is, in a sentence with its unit. */
  title: string;
  /** The count; null when this host cannot tell (e.g. dead letters under Encore's own broker). */
  value: number | null;
  unit: string;
  /** True when the operator should do something now. */
  needsAction: boolean;
  /** One line: what to do. */
  whatToDo: string;
  /** The runbook section, as a path and anchor in docs/operations.md. */
  runbook: string;
}

interface Counts {
  stale: number; oldestPendingHours: number | null; discrepancies: number; lockedAccounts: number; lockedAddresses: number;
  deadLetters: number | null; instances: number | null;
}

async function counts(): Promise<Counts> {
  const [pending, cashBook, locks] = await Promise.all([
    finance.pendingApprovalCounts({ olderThanHours: staleApprovalHours() }), reports.discrepancyDayCount(), auth.signInLockCounts(),
  ]);
  const c: Counts = {
    stale: pending.stale, oldestPendingHours: pending.oldestPendingHours, discrepancies: cashBook.days,
    lockedAccounts: locks.accounts, lockedAddresses: locks.addresses, deadLetters: null, instances: null,
  };
  // The standalone host's queue tables exist only on that host: to_regclass says whether they are there.
  const queue = await db.queryRow<{ dead: boolean; inst: boolean }>`
    SELECT to_regclass('encore_pubsub_dead_letters') IS NOT NULL AS dead, to_regclass('encore_pubsub_instances') IS NOT NULL AS inst`;
  if (queue!.dead) c.deadLetters = (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM encore_pubsub_dead_letters`)!.n;
  if (queue!.inst) {
    c.instances = (await db.queryRow<{ n: number }>`
      SELECT count(*)::int AS n FROM encore_pubsub_instances WHERE heartbeat_at > now() - make_interval(secs => ${INSTANCE_ALIVE_S})`)!.n;
  }
  return c;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The attention list behind GET /ops/status's `attention` field. */
export async function attention(): Promise<AttentionItem[]> {
  const c = await counts();
  const hours = staleApprovalHours();
  const locked = c.lockedAccounts + c.lockedAddresses;
  return [
    {
      name: "stale_approvals",
      title: `Entries waiting more than ${hours} hours for approval` + (c.oldestPendingHours !== null ? ` (oldest pending: ${c.oldestPendingHours} hours)` : ""),
      value: c.stale, unit: plural(c.stale, "entry", "entries"), needsAction: c.stale > 0,
      whatToDo: "Ask the properties' managers to approve or reject them; until then they are not in the cash book.",
      runbook: "docs/operations.md#stale-approvals",
    },
    {
      name: "discrepancies",
      title: "Cash-book days whose closing balance differs from their approved entries",
      value: c.discrepancies, unit: plural(c.discrepancies, "day", "days"), needsAction: c.discrepancies > 0,
      whatToDo: "Automatic correction fixes these within minutes; if the count stays, run POST /reports/reconcile for the property.",
      runbook: "docs/operations.md#reconciliation",
    },
    {
      name: "locked_accounts",
      title: `Sign-in locks in force (${c.lockedAccounts} ${plural(c.lockedAccounts, "account", "accounts")}, ${c.lockedAddresses} ${plural(c.lockedAddresses, "address", "addresses")})`,
      value: locked, unit: plural(locked, "lock", "locks"), needsAction: c.lockedAccounts > 0,
      whatToDo: "Locks lift by themselves after 15 minutes; an organisation's admin can unlock a person sooner in Settings. Many at once suggest password guessing.",
      runbook: "docs/operations.md#sign-in-locks",
    },
    {
      name: "dead_letters",
      title: "Messages that failed every retry and wait for a person",
      value: c.deadLetters, unit: plural(c.deadLetters ?? 0, "message", "messages"), needsAction: (c.deadLetters ?? 0) > 0,
      whatToDo: c.deadLetters === null
        ? "This host does not keep dead letters in the database; see the broker's console."
        : "Read last_error, fix the cause, then requeue or delete them.",
      runbook: "docs/operations.md#dead-letters-standalone-host",
    },
    {
      name: "instances",
      title: "Instances running (heartbeat in the last 30 seconds)",
      value: c.instances, unit: plural(c.instances ?? 0, "instance", "instances"), needsAction: c.instances === 0,
      whatToDo: c.instances === null ? "This host does not report instances; see the platform's console." : "No action while at least one runs; add instances when backlogs grow.",
      runbook: "docs/operations.md#running-under-a-supervisor",
    },
  ];
}
