// What the web service runs beside its static files: only its line in
// /ops/status's instance list (encore.service.ts imports this file, as every
// service's does).
import { announceService } from "../shared/instance-heartbeat.ts";
announceService("web"); // this process in /ops/status's instance list
