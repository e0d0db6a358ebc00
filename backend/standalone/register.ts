// Import first (`node --import tsx --import ./backend/standalone/register.ts`)
// so service code's `encore.dev/*` imports resolve to the standalone host.
import { register } from "node:module";
import { encoreAliases } from "./aliases.ts";

register("./resolve-hook.mjs", import.meta.url, { data: { aliases: encoreAliases } });
