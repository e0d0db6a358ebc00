// What the auth service runs beside its endpoints, for as long as the
// process does. encore.service.ts imports this file: Encore's generated
// entrypoint always loads a service's encore.service.ts, and loads other
// files only when they declare an endpoint, subscription, metric or cron job,
// so work started anywhere else would never run under `encore run`.
import "./demo-seed.ts"; // the demo organisation on an empty database (SEED_DEMO=false turns it off)
import { announceService } from "../shared/instance-heartbeat.ts";
announceService("auth"); // this process in /ops/status's instance list
