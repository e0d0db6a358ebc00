import { Service } from "encore.dev/service";
import "./background.ts";

// Serves the built admin dashboard (frontend/ builds into ./site).
export default new Service("web");
