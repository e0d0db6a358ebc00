import { z } from "zod";

/**
 * Dashboard configuration, validated once at start so a bad value fails loudly
 * instead of surfacing as odd behaviour later. Values come from VITE_* build variables.
 */
const envSchema = z.object({
  /** Origin of the API; empty means same origin (the API host serves the SPA, or Vite proxies). */
  apiBaseUrl: z.string().refine((v) => v === "" || /^https?:\/\//.test(v), "must be empty or an http(s) URL"),
  /** Poll interval used when the live event stream is unavailable (15 s per the product brief). */
  pollIntervalMs: z.coerce.number().int().min(1_000).max(300_000),
  /** Refresh the access token this long before it expires. */
  refreshLeewayMs: z.coerce.number().int().min(5_000).max(600_000),
  /** Page size for cursor-paginated lists (the server caps it too). */
  pageSize: z.coerce.number().int().min(5).max(200),
  /** Where docs/operations.md is published (the Operations page links its sections); empty shows the path as text. */
  runbookUrl: z.string().refine((v) => v === "" || /^https?:\/\//.test(v), "must be empty or an http(s) URL"),
});

export type AppConfig = z.infer<typeof envSchema>;

function readConfig(): AppConfig {
  const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {};
  const parsed = envSchema.safeParse({
    apiBaseUrl: env.VITE_API_BASE_URL ?? "",
    pollIntervalMs: env.VITE_POLL_INTERVAL_MS ?? 15_000,
    refreshLeewayMs: env.VITE_REFRESH_LEEWAY_MS ?? 60_000,
    pageSize: env.VITE_PAGE_SIZE ?? 25,
    runbookUrl: env.VITE_RUNBOOK_URL ?? "",
  });
  if (!parsed.success) {
    throw new Error(`Invalid dashboard configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export const config: AppConfig = readConfig();
