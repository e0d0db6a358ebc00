// Stand-in for the CLI-generated client of the auth service (see ../clients.ts).
// A hosted service is imported only when first called, so a process that does not
// host it never loads its code; otherwise the call goes through the runtime.
import { client } from "./hosted.ts";
import type * as m0 from "../../backend/auth/api.ts";
import type * as m1 from "../../backend/auth/properties-api.ts";
import type * as m2 from "../../backend/auth/users-api.ts";
import type * as m3 from "../../backend/auth/internal-api.ts";

export const signup = client<typeof m0.signup>("auth", "signup", () => import("../../backend/auth/api.ts"));
export const login = client<typeof m0.login>("auth", "login", () => import("../../backend/auth/api.ts"));
export const refresh = client<typeof m0.refresh>("auth", "refresh", () => import("../../backend/auth/api.ts"));
export const logout = client<typeof m0.logout>("auth", "logout", () => import("../../backend/auth/api.ts"));
export const me = client<typeof m0.me>("auth", "me", () => import("../../backend/auth/api.ts"));
export const listProperties = client<typeof m1.listProperties>("auth", "listProperties", () => import("../../backend/auth/properties-api.ts"));
export const getProperty = client<typeof m1.getProperty>("auth", "getProperty", () => import("../../backend/auth/properties-api.ts"));
export const createProperty = client<typeof m1.createProperty>("auth", "createProperty", () => import("../../backend/auth/properties-api.ts"));
export const updateProperty = client<typeof m1.updateProperty>("auth", "updateProperty", () => import("../../backend/auth/properties-api.ts"));
export const listUsers = client<typeof m2.listUsers>("auth", "listUsers", () => import("../../backend/auth/users-api.ts"));
export const createUser = client<typeof m2.createUser>("auth", "createUser", () => import("../../backend/auth/users-api.ts"));
export const updateUser = client<typeof m2.updateUser>("auth", "updateUser", () => import("../../backend/auth/users-api.ts"));
export const unlockUser = client<typeof m2.unlockUser>("auth", "unlockUser", () => import("../../backend/auth/users-api.ts"));
export const listSignInLocks = client<typeof m2.listSignInLocks>("auth", "listSignInLocks", () => import("../../backend/auth/users-api.ts"));
export const propertyOpeningCash = client<typeof m3.propertyOpeningCash>("auth", "propertyOpeningCash", () => import("../../backend/auth/internal-api.ts"));
export const openingCashOfProperties = client<typeof m3.openingCashOfProperties>("auth", "openingCashOfProperties", () => import("../../backend/auth/internal-api.ts"));
export const userAccess = client<typeof m3.userAccess>("auth", "userAccess", () => import("../../backend/auth/internal-api.ts"));
export const userNames = client<typeof m3.userNames>("auth", "userNames", () => import("../../backend/auth/internal-api.ts"));
export const signInLockCounts = client<typeof m3.signInLockCounts>("auth", "signInLockCounts", () => import("../../backend/auth/internal-api.ts"));
export const demoPeople = client<typeof m3.demoPeople>("auth", "demoPeople", () => import("../../backend/auth/internal-api.ts"));
export const propertyFacts = client<typeof m3.propertyFacts>("auth", "propertyFacts", () => import("../../backend/auth/internal-api.ts"));
export const organizationName = client<typeof m3.organizationName>("auth", "organizationName", () => import("../../backend/auth/internal-api.ts"));
export const organizationsToScan = client<typeof m3.organizationsToScan>("auth", "organizationsToScan", () => import("../../backend/auth/internal-api.ts"));
export type * from "../../backend/auth/api.ts";
export type * from "../../backend/auth/properties-api.ts";
export type * from "../../backend/auth/users-api.ts";
export type * from "../../backend/auth/internal-api.ts";
