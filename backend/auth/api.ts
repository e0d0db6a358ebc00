// Session endpoints: sign-up, login, token refresh, logout, and who am I.
import { api, type Header } from "encore.dev/api";
import { db } from "../../database.ts";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { loginSchema, refreshSchema, signupSchema } from "./schemas.ts";
import * as sessions from "./sessions.ts";
import type { Tokens } from "./sessions.ts";
import { clientAddress, recordSignup } from "./login-throttle.ts";
import { getOrganization, type Organization } from "./organizations.ts";
import { getUser, type User } from "./users.ts";
import { listProperties, type Property } from "./properties.ts";

interface SignupRequest { organizationName: string; email: string; password: string; displayName: string; forwardedFor?: Header<"X-Forwarded-For"> }
interface LoginRequest { email: string; password: string; forwardedFor?: Header<"X-Forwarded-For"> }
interface RefreshRequest { refreshToken: string }
interface MeResponse { user: User; organization: Organization; properties: Property[] }

/** Creates an organisation and its first admin, and signs the admin in. Limited per client address (429). */
export const signup = api(
  { expose: true, method: "POST", path: "/auth/signup" },
  async (req: SignupRequest): Promise<Tokens> => {
    const input = parseInput(signupSchema, req);
    await recordSignup(db, clientAddress(req.forwardedFor));
    return sessions.signup(input);
  },
);

/** Signs in with email and password. Repeated failures are throttled (429). */
export const login = api(
  { expose: true, method: "POST", path: "/auth/login" },
  async (req: LoginRequest): Promise<Tokens> => sessions.login(parseInput(loginSchema, req), clientAddress(req.forwardedFor)),
);

/** Exchanges a refresh token for new tokens; the old one stops working, and reusing it revokes its family. */
export const refresh = api(
  { expose: true, method: "POST", path: "/auth/refresh" },
  async (req: RefreshRequest): Promise<Tokens> => sessions.refresh(parseInput(refreshSchema, req).refreshToken),
);

/** Ends the session the refresh token belongs to. */
export const logout = api(
  { expose: true, method: "POST", path: "/auth/logout" },
  async (req: RefreshRequest): Promise<void> => {
    await sessions.logout(parseInput(refreshSchema, req).refreshToken);
  },
);

/** The signed-in user, their organisation and the properties they may access. */
export const me = api(
  { expose: true, auth: true, method: "GET", path: "/auth/me" },
  async (): Promise<MeResponse> => {
    const auth = caller();
    const [user, organization, properties] = await Promise.all([
      getUser(db, auth.orgId, auth.userID),
      getOrganization(db, auth.orgId),
      listProperties(db, auth.orgId, auth.propertyIds),
    ]);
    return { user: user!, organization: organization!, properties };
  },
);
