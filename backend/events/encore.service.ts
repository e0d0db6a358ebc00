import { Service } from "encore.dev/service";

// Owns the event store (audit trail), the live dashboard stream and projection replay.
export default new Service("events");
