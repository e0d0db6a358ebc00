import { Service } from "encore.dev/service";

// Owns organisations, properties, users, roles, tokens and the auth handler.
export default new Service("auth");
