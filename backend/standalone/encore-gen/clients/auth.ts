export * from "../../../auth/api.ts";
export * from "../../../auth/properties-api.ts";
export * from "../../../auth/users-api.ts";
