// Node module-resolution hook: maps `encore.dev/*` and `~encore/*` to the
// standalone host's implementation. It hands the mapped URL on to next() so
// tsx (registered before it) still compiles the TypeScript target.
import { pathToFileURL } from "node:url";

let aliases = {};

export async function initialize(data) {
  aliases = data.aliases;
}

export async function resolve(specifier, context, next) {
  const target = aliases[specifier];
  return next(target ? pathToFileURL(target).href : specifier, context);
}
