// Standalone `encore.dev/config`: secrets are environment variables of the
// same name; a missing one reads as "" like Encore's local development mode.
export type Secret<_Name extends string = string> = () => string;

export function secret<Name extends string>(name: Name): Secret<Name> {
  return () => process.env[name] ?? "";
}
