// Starts N app instances as separate processes on the test file's database
// (and, when given, one Redis), for tests of what holds across instances.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { APP_ROOT } from "../runtime/host.ts";

export interface Instance { name: string; url: string; child: ChildProcess; output: string[] }

const CHILD = fileURLToPath(new URL("./app-child.ts", import.meta.url));
const REGISTER = fileURLToPath(new URL("../register.ts", import.meta.url));

export async function startInstances(names: string[], env: Record<string, string> = {}, startTimeoutMs = 90_000, perInstance: Record<string, Record<string, string>> = {}): Promise<Instance[]> {
  // Every instance must verify the others' tokens and signed calls.
  const shared = { JwtSigningKey: process.env.JwtSigningKey || randomBytes(32).toString("hex"), SERVICE_AUTH_KEY: randomBytes(32).toString("hex"), ...env };
  return Promise.all(names.map((name) => startOne(name, { ...shared, ...perInstance[name] }, startTimeoutMs)));
}

function startOne(name: string, env: Record<string, string>, timeoutMs: number): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", REGISTER, CHILD], {
    cwd: APP_ROOT,
    env: { ...process.env, DB_POOL_MIN: "0", DB_POOL_MAX: "20", INSTANCE_ID: `test-${name}-${randomBytes(3).toString("hex")}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`instance ${name} did not start within ${timeoutMs} ms: ${output.join("\n")}`)); }, timeoutMs);
    const onData = (c: Buffer) => {
      for (const line of c.toString().split("\n").filter(Boolean)) {
        output.push(line);
        const m = /^listening (\S+)$/.exec(line);
        if (m) { clearTimeout(timer); resolve({ name, url: m[1], child, output }); }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`instance ${name} exited (${code}) before listening: ${output.join("\n")}`)); });
  });
}

/** SIGTERM (clean stop), or SIGKILL after `graceMs`. */
export async function stopInstances(instances: Instance[], graceMs = 20_000): Promise<void> {
  await Promise.all(instances.map(async (i) => {
    if (i.child.exitCode !== null || i.child.signalCode !== null) return;
    const exited = new Promise((r) => i.child.once("exit", r));
    i.child.kill("SIGTERM");
    const t = setTimeout(() => i.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(t);
  }));
}
