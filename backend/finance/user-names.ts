// Authors' display names for finance's lists, read from auth (which owns users)
// through its internal endpoint; cached per process (shared/user-names.ts).
import { auth } from "~encore/clients";
import { userNamesReader } from "../shared/user-names.ts";

export const userNames = userNamesReader(async (orgId, userIds) => (await auth.userNames({ orgId, userIds })).users);
