// Standalone `encore.dev/cron`. Self-hosted Encore does not schedule cron jobs
// either; the app drives periodic work from its own loops, so a CronJob here
// is only recorded.
export const cronJobs: { name: string; cfg: unknown }[] = [];
export class CronJob {
  constructor(readonly name: string, readonly cfg: { endpoint: () => Promise<unknown>; title?: string; every?: string; schedule?: string }) {
    cronJobs.push({ name, cfg });
  }
}
