// SQLDatabase binds parameters and decodes rows under Encore's runtime rules
// (runtimes/core/src/sqldb/val.rs): what Encore refuses is refused here with
// its message, valid values of every type round-trip, and the per-statement
// type probe neither disturbs transactions nor runs twice for one text.
import { beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { Decimal } from "encore.dev/types";
import { probeStats } from "./sqldb.ts";

const db = SQLDatabase.named("hospitality");
const ID = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error("expected the query to fail");
}

beforeAll(async () => {
  await db.exec`CREATE TABLE strict_values (
    id serial PRIMARY KEY, t text, i2 int2, i4 int4, i8 int8, f8 float8, n numeric, b bool, by bytea, u uuid,
    d date, ts timestamptz, j json, jb jsonb, ua uuid[], ia int8[], ta text[], c char(3))`;
});

describe("values Encore refuses", () => {
  it("a string for int8", async () => {
    const err = await failure(db.exec`INSERT INTO strict_values (i8) VALUES (${"42"})`);
    expect(err.message).toBe("error serializing parameter 0: string not supported for column of type int8");
    // A plain Error carrying napi's status, as the runtime throws it: the API turns it into 500 internal.
    expect(err.constructor).toBe(Error);
    expect(err.code).toBe("GenericFailure");
  });

  it("an object for text", async () => {
    const err = await failure(db.queryRow`SELECT ${{ a: 1 }}::text AS v`);
    expect(err.message).toBe("error serializing parameter 0: object not supported for column of type text");
  });

  it("a timestamptz string that is not RFC 3339", async () => {
    expect((await failure(db.exec`INSERT INTO strict_values (ts) VALUES (${"2024-01-02 10:00"})`)).message)
      .toBe("error serializing parameter 0: premature end of input");
    expect((await failure(db.exec`INSERT INTO strict_values (ts) VALUES (${"2024-01-02T10:00:00+0100"})`)).message)
      .toBe("error serializing parameter 0: input contains invalid characters");
  });

  it("a float for int4, an integer out of int2's range", async () => {
    expect((await failure(db.exec`INSERT INTO strict_values (i4) VALUES (${1.5})`)).message)
      .toBe("error serializing parameter 0: number 1.5 is not an i32");
    expect((await failure(db.exec`INSERT INTO strict_values (i2) VALUES (${40000})`)).message)
      .toBe("error serializing parameter 0: out of range integral type conversion attempted");
  });

  it("any value for char(n): tokio-postgres has no conversion for bpchar, in either direction", async () => {
    expect((await failure(db.exec`INSERT INTO strict_values (c) VALUES (${"INR"})`)).message)
      .toBe("error serializing parameter 0: cannot convert between the Rust type `encore_runtime_core::sqldb::val::RowValue` and the Postgres type `bpchar`");
    await db.exec`INSERT INTO strict_values (c) VALUES ('INR')`;
    const err = await failure(db.queryRow`SELECT c FROM strict_values WHERE c IS NOT NULL`);
    expect(err.message).toBe(`unable to parse column c: Error {
    kind: FromSql(
        0,
    ),
    cause: Some(
        WrongType {
            postgres: Bpchar,
            rust: "encore_runtime_core::sqldb::val::RowValue",
        },
    ),
}`);
  });

  it("a uuid[] column in a result (binding one is fine)", async () => {
    const err = await failure(db.queryRow`SELECT ${[ID]}::uuid[] AS ids`);
    expect(err.message).toContain(`unable to parse column ids: Error {`);
    expect(err.message).toContain(`"unsupported type: UuidArray"`);
    const rows = await db.queryAll<{ id: string }>`SELECT unnest(${[ID]}::uuid[]) AS id`;
    expect(rows).toEqual([{ id: ID }]);
  });

  it("names the failing parameter, and checks JS values first", async () => {
    expect((await failure(db.queryRow`SELECT ${1}::int8 AS a, ${"2"}::int8 AS b`)).message)
      .toBe("error serializing parameter 1: string not supported for column of type int8");
    const err = await failure(db.queryRow`SELECT ${"1"}::int8 AS a, ${NaN}::float8 AS b`);
    expect(err.message).toBe("Failed to convert js number to serde_json::Number");
    expect(err.code).toBe("InvalidArg");
  });
});

describe("JSON parameters", () => {
  it("stores a JS string as a JSON string scalar, so JSON.stringify(obj) is stored as a string, not an object", async () => {
    const obj = { amountCents: 100, kind: "revenue" };
    const row = await db.queryRow<{ id: number }>`INSERT INTO strict_values (j, jb) VALUES (${"plain"}, ${JSON.stringify(obj)}) RETURNING id`;
    const back = await db.queryRow`SELECT j, jb, jsonb_typeof(jb) AS kind, j::text AS jtext FROM strict_values WHERE id = ${row!.id}`;
    expect(back).toEqual({ j: "plain", jb: JSON.stringify(obj), kind: "string", jtext: '"plain"' });
  });

  it("stores objects as objects, keys sorted as the runtime's BTreeMap serialises them", async () => {
    const row = await db.queryRow`SELECT ${{ z: 1, a: [1, "x", null], m: { y: true, b: 5e9 } }}::json::text AS j`;
    expect(row).toEqual({ j: '{"a":[1,"x",null],"m":{"b":5000000000.0,"y":true},"z":1}' });
  });

  it("stores null as JSON null, not SQL NULL", async () => {
    const row = await db.queryRow`SELECT ${null}::jsonb IS NULL AS sql_null, jsonb_typeof(${null}::jsonb) AS kind`;
    expect(row).toEqual({ sql_null: false, kind: "null" });
  });
});

describe("valid values round-trip", () => {
  it("every column type the app uses", async () => {
    const ts = new Date("2024-03-01T10:20:30.456Z");
    const inserted = await db.queryRow<{ id: number }>`
      INSERT INTO strict_values (t, i2, i4, i8, f8, n, b, by, u, d, ts, j, jb, ua, ia, ta)
      VALUES (${"text ✓"}, ${-32768}, ${2147483647}, ${9007199254740991}, ${0.1}, ${"12.50"}, ${true}, ${Buffer.from([0, 255])},
              ${ID.toUpperCase()}, ${"2024-02-29"}, ${ts}, ${[1, { b: 2 }]}, ${{ k: "v" }}, ${[ID, null]}, ${[1, 2 ** 40]}, ${["a", 'b"c', null]})
      RETURNING id`;
    const row = await db.queryRow`
      SELECT t, i2, i4, i8, f8, n, b, by, u, d, ts, j, jb, ia, ta, ua::text AS ua FROM strict_values WHERE id = ${inserted!.id}`;
    expect(row).toMatchObject({
      t: "text ✓", i2: -32768, i4: 2147483647, i8: 9007199254740991, f8: 0.1, b: true, u: ID, d: "2024-02-29",
      ts, j: [1, { b: 2 }], jb: { k: "v" }, ia: [1, 2 ** 40], ta: ["a", 'b"c', null], ua: `{${ID},NULL}`,
    });
    expect(row!.n).toBeInstanceOf(Decimal);
    expect(row!.n.value).toBe("12.5");
    expect(row!.by).toBeInstanceOf(ArrayBuffer); // the runtime hands bytea over as an ArrayBuffer
    expect([...new Uint8Array(row!.by)]).toEqual([0, 255]);
  });

  it("strings for dates, times and timestamps in the formats chrono reads", async () => {
    const row = await db.queryRow`
      SELECT ${"2024-01-02T03:04:05.5+05:30"}::timestamptz AS tz, ${"2024-01-02T03:04:05"}::timestamp AS ts,
             ${"2024-01-02"}::date AS d, ${"12:30:00"}::time AS t, ${new Date(0)}::date AS epoch_day, ${new Date(0)}::text AS epoch_text`;
    expect(row).toEqual({
      tz: new Date("2024-01-01T21:34:05.500Z"), ts: new Date("2024-01-02T03:04:05Z"), d: "2024-01-02", t: "12:30:00",
      epoch_day: "1970-01-01", epoch_text: "1970-01-01T00:00:00+00:00",
    });
  });

  it("timestamps as the same instant whatever the session's time zone, infinity refused as chrono refuses it", async () => {
    await using tx = await db.begin();
    await tx.exec`SET LOCAL TimeZone = 'Asia/Kolkata'`;
    const row = await tx.queryRow`SELECT ${"2024-01-02T03:04:05.123456Z"}::timestamptz AS t, '0044-03-15 12:00:00 BC'::timestamptz AS bc`;
    // 44 BC noon at Kolkata's local mean time, printed by PostgreSQL as 12:00:00+05:53:28 BC.
    expect(row).toEqual({ t: new Date("2024-01-02T03:04:05.123Z"), bc: new Date("-000043-03-15T06:06:32Z") });
    expect((await failure(tx.queryRow`SELECT 'infinity'::timestamptz AS t`)).message).toContain(`"value too large to decode"`);
  });

  it("numbers, Decimals and bigints for numeric, floats and text", async () => {
    const row = await db.queryRow`
      SELECT ${1.5}::numeric AS a, ${new Decimal("0.1").add("0.2")}::numeric AS b, ${10n}::int8 AS c,
             ${5e9}::text AS d, ${123}::text AS e, ${true}::text AS f, sum(x) AS total, 'NaN'::float8 AS nan
      FROM (VALUES (1::bigint), (2)) v(x)`;
    expect(row).toMatchObject({ c: 10, d: "5000000000.0", e: "123", f: "true", nan: null });
    expect([row!.a.value, row!.b.value, row!.total.value]).toEqual(["1.5", "0.3", "3"]); // sum(bigint) is numeric: a Decimal
    expect((await failure(db.queryRow`SELECT ${new Decimal("0.1")}::float8 AS x`)).message)
      .toBe("error serializing parameter 0: Cannot convert decimal to FLOAT8");
  });

  it("null for any type", async () => {
    const row = await db.queryRow`SELECT ${null}::int8 AS a, ${undefined}::uuid AS b, ${null}::text[] AS c, ${null}::timestamptz AS d`;
    expect(row).toEqual({ a: null, b: null, c: null, d: null });
  });
});

describe("the parameter-type probe", () => {
  it("runs once per statement text", async () => {
    const before = probeStats.count;
    for (let i = 0; i < 3; i++) await db.queryRow`SELECT ${i}::int4 + 0 AS probe_once`;
    expect(probeStats.count - before).toBe(1);
    await db.queryRow`SELECT ${1}::int4 + 1 AS probe_once`;
    expect(probeStats.count - before).toBe(2);
  });

  it("sees what the transaction sees and leaves it intact", async () => {
    await using tx = await db.begin();
    await tx.exec`CREATE TEMP TABLE probe_tx (v int8) ON COMMIT DROP`;
    await tx.exec`INSERT INTO probe_tx VALUES (${1})`;
    expect((await failure(tx.exec`INSERT INTO probe_tx VALUES (${"2"})`)).message)
      .toBe("error serializing parameter 0: string not supported for column of type int8");
    await tx.exec`INSERT INTO probe_tx VALUES (${3})`; // a refused value, like in Encore, sends nothing: the transaction goes on
    const rows = await tx.queryAll<{ v: number }>`SELECT v FROM probe_tx WHERE v > ${0} ORDER BY v`;
    expect(rows).toEqual([{ v: 1 }, { v: 3 }]);
    await tx.commit();
  });

  it("runs a transaction's statements one at a time, so concurrent first uses never interleave with a probe", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      await using tx = await db.begin();
      const [a, , c] = await Promise.all([
        tx.queryRow`SELECT ${1}::int4 AS concurrent_a`,
        tx.exec`INSERT INTO strict_values (i8) VALUES (${88})`,
        tx.queryRow`SELECT count(*)::int4 AS n FROM strict_values WHERE i8 = ${88}`,
      ]);
      expect([a, c]).toEqual([{ concurrent_a: 1 }, { n: 1 }]);
      await tx.rollback();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.message)).toEqual([]); // node-postgres deprecates queueing on a busy client
  });

  it("reports a statement's own error and leaves the transaction aborted, as without the probe", async () => {
    const tx = await db.begin();
    const err = await failure(tx.queryRow`SELECT no_such_column FROM strict_values WHERE id = ${1}`);
    expect((err as { code?: string }).code).toBe("42703");
    expect(((await failure(tx.queryRow`SELECT ${1}::int4 AS after_error`)) as { code?: string }).code).toBe("25P02");
    await tx.rollback();
    expect(await db.queryRow`SELECT ${1}::int4 AS after_error`).toEqual({ after_error: 1 });
  });

  it("keeps the transaction usable when PREPARE refuses a statement that runs (CALL)", async () => {
    await db.exec`CREATE PROCEDURE strict_note(v int8) LANGUAGE sql AS $$ INSERT INTO strict_values (i8) VALUES (v) $$`;
    const tx = await db.begin();
    await tx.exec`CALL strict_note(${77})`;
    expect(await tx.queryRow`SELECT count(*)::int4 AS n FROM strict_values WHERE i8 = ${77}`).toEqual({ n: 1 });
    await tx.commit();
    expect(await db.queryRow`SELECT count(*)::int4 AS n FROM strict_values WHERE i8 = ${77}`).toEqual({ n: 1 });
  });
});
