export * from "../../backend/auth/api.ts";
export * from "../../backend/auth/properties-api.ts";
export * from "../../backend/auth/users-api.ts";
export * from "../../backend/auth/internal-api.ts";
