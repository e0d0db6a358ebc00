// Which database failures become which API errors, for node-postgres (the
// standalone host) and for Encore's runtime (tokio-postgres messages, no
// SQLSTATE field); and that the host's catch-all copy agrees with the app.
import { describe, expect, it } from "vitest";
import { dbFailureReason, translateDbError } from "./db-errors.ts";
import { pgFailure } from "../standalone/runtime/pg-failures.ts";

const pgError = (fields: Record<string, unknown>, message = "x") => Object.assign(new Error(message), fields);
const refused = () => pgError({ code: "ECONNREFUSED", address: "127.0.0.1", port: 5432 }, "connect ECONNREFUSED 127.0.0.1:5432");

const nodePg: [string, Error, "unavailable" | "aborted" | null][] = [
  ["a refused connection", refused(), "unavailable"],
  ["a dual-stack refusal (AggregateError, empty message)", Object.assign(new AggregateError([refused(), refused()], ""), { code: "ECONNREFUSED" }), "unavailable"],
  ["an AggregateError without its own code", new AggregateError([refused()], ""), "unavailable"],
  ["a reset connection", pgError({ code: "ECONNRESET" }, "read ECONNRESET"), "unavailable"],
  ["a connection ended under a query", new Error("Connection terminated unexpectedly"), "unavailable"],
  ["the pool's connect timeout", new Error("timeout exceeded when trying to connect"), "unavailable"],
  ["a connect timeout inside the client", new Error("Connection terminated due to connection timeout"), "unavailable"],
  ["admin_shutdown", pgError({ code: "57P01" }, "terminating connection due to administrator command"), "unavailable"],
  ["crash_shutdown", pgError({ code: "57P02" }), "unavailable"],
  ["cannot_connect_now", pgError({ code: "57P03" }, "the database system is starting up"), "unavailable"],
  ["too_many_connections", pgError({ code: "53300" }, "sorry, too many clients already"), "unavailable"],
  ["connection_failure (class 08)", pgError({ code: "08006" }), "unavailable"],
  ["deadlock_detected", pgError({ code: "40P01" }, "deadlock detected"), "aborted"],
  ["serialization_failure", pgError({ code: "40001" }), "aborted"],
  ["a unique violation", pgError({ code: "23505" }), null],
  ["invalid text (22021)", pgError({ code: "22021" }), null],
  ["a bug", new TypeError("cannot read properties of undefined"), null],
];

describe("database failures → API errors", () => {
  it.each(nodePg)("node-postgres: %s", (_name, err, expected) => {
    const t = translateDbError(err) as { code?: string };
    if (expected === null) expect(["unavailable", "aborted"]).not.toContain(t.code);
    else expect(t.code).toBe(expected);
    // The host's catch-all says the same.
    expect(pgFailure(err)).toBe(expected);
  });

  it.each([
    ["error connecting to server: Connection refused (os error 111)", "unavailable"],
    ["db error: FATAL: terminating connection due to administrator command", "unavailable"],
    ["db error: FATAL: the database system is starting up", "unavailable"],
    ["db error: FATAL: sorry, too many clients already", "unavailable"],
    ["connection closed", "unavailable"],
    ["timed out waiting for connection", "unavailable"],
    ["db error: ERROR: could not serialize access due to concurrent update", "aborted"],
  ])("Encore's runtime: %s → %s", (message, code) => {
    expect((translateDbError(new Error(message)) as { code: string }).code).toBe(code);
  });

  it("tells a 503 how long to wait and keeps the original as the cause", () => {
    const err = refused();
    const t = translateDbError(err) as { code: string; details: { retryAfterSeconds: number }; cause: unknown; message: string };
    expect(t.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(t.cause).toBe(err);
    expect(t.message).not.toContain("127.0.0.1");
  });
});

describe("dbFailureReason", () => {
  it.each([
    [refused(), "refusing connections"],
    [new AggregateError([refused()], ""), "refusing connections"],
    [new Error("timeout exceeded when trying to connect"), "connection timed out"],
    [pgError({ code: "57P03" }, "the database system is starting up"), "starting up"],
    [pgError({ code: "57P01" }, "terminating connection due to administrator command"), "shutting down"],
    [pgError({ code: "53300" }), "too many connections"],
    [new Error("Connection terminated unexpectedly"), "connection lost"],
    [pgError({ code: "42P01" }, 'relation "schema_migrations" does not exist'), "query failed"],
  ])("%s → %s, naming no address", (err, reason) => {
    expect(dbFailureReason(err)).toBe(reason);
  });
});
