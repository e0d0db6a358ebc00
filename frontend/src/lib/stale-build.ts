// Recognises the failure of a page built before the last deploy: its lazy
// chunks (hashed file names) are gone from the server, so importing one fails
// with a browser-specific message instead of loading.
const MESSAGES = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite's preload helper
];

export function isStaleBuildError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error ?? "");
  return MESSAGES.some((m) => m.test(message));
}
