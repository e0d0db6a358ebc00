// `npm run check:encore [appRoot]`: prints every Encore rules violation
// (scripts/encore-rules/check.ts) and exits 1 when there is any.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkEncoreRules } from "./check.ts";

const appRoot = path.resolve(process.argv[2] ?? fileURLToPath(new URL("../..", import.meta.url)));
if (!existsSync(path.join(appRoot, "encore.app"))) {
  console.error(`${appRoot} is not an Encore app root (no encore.app)`);
  process.exit(2);
}
const started = performance.now();
const violations = checkEncoreRules(appRoot);
for (const v of violations) console.log(`${v.file}:${v.line}  [${v.rule}] ${v.message}`);
const ms = Math.round(performance.now() - started);
console.log(violations.length ? `\n${violations.length} Encore rules violation(s) (${ms} ms)` : `Encore rules: no violations (${ms} ms)`);
process.exitCode = violations.length ? 1 : 0;
