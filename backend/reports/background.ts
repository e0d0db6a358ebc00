// What the reports service runs beside its endpoints, for as long as the
// process does. encore.service.ts imports this file: Encore's generated
// entrypoint always loads a service's encore.service.ts, and loads other
// files only when they declare an endpoint, subscription, metric or cron job,
// so work started anywhere else would never run under `encore run`.
import "./reconcile-schedule.ts"; // the periodic reconciliation sweep and its correction batcher
import "./cache-warming.ts"; // recomputes hot report keys after invalidations and at start
import { announceService } from "../shared/instance-heartbeat.ts";
announceService("reports"); // this process in /ops/status's instance list
