import { api } from "encore.dev/api";

/**
 * The dashboard: built files from ./dist, and index.html for every other
 * path so client-side routes survive a reload. API routes take precedence
 * over this fallback.
 */
export const dashboard = api.static({ expose: true, path: "/!path", dir: "./dist", notFound: "./dist/index.html", notFoundStatus: 200 });
