import { api } from "encore.dev/api";

/**
 * The dashboard: built files from ./site (index.html at "/"), and for every
 * other path the committed fallback page, which hands the route back to "/"
 * so client-side routes survive a reload. Both files are named here because
 * Encore's parser requires them to exist when it parses, before any build
 * (./site/.gitignore). API routes take precedence over this fallback.
 */
export const dashboard = api.static({ expose: true, path: "/!path", dir: "./site", notFound: "./site/spa-fallback.html", notFoundStatus: 200 });
