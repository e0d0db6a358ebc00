import { Service } from "encore.dev/service";

// Owns operability: the health check, metrics and alert state.
export default new Service("ops");
