// What the finance service runs beside its endpoints, for as long as the
// process does. encore.service.ts imports this file: Encore's generated
// entrypoint always loads a service's encore.service.ts, and loads other
// files only when they declare an endpoint, subscription, metric or cron job,
// so work started anywhere else would never run under `encore run`.
import "./demo-seed.ts"; // a month of demo entries once the demo organisation exists
import "./outbox.ts"; // the outbox relay, publishing committed finance events
import { announceService } from "../shared/instance-heartbeat.ts";
announceService("finance"); // this process in /ops/status's instance list
