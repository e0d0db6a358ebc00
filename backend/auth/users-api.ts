// User endpoints: admins manage users; managers list them; staff see themselves.
import { api } from "encore.dev/api";
import { caller, requireRole } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { createUserSchema, listLocksSchema, unlockUserSchema, updateUserSchema } from "./schemas.ts";
import type { LoginLock } from "./login-throttle.ts";
import * as admin from "./admin.ts";
import type { Role } from "../shared/auth-data.ts";
import type { User } from "./users.ts";

interface UnlockRequest { id: string; reason: string }
interface UnlockResponse { unlockedLocks: number }
interface LockListRequest { limit?: number }
interface LockList { items: LoginLock[]; nextCursor: string | null }
interface UserList { items: User[]; nextCursor: string | null }
interface CreateUserRequest { email: string; displayName: string; password: string; role: Role; propertyIds?: string[] }
interface UpdateUserRequest { id: string; displayName?: string; role?: Role; propertyIds?: string[]; active?: boolean; password?: string }

/** Users of the organisation (staff: only themselves). */
export const listUsers = api(
  { expose: true, auth: true, method: "GET", path: "/users" },
  async (): Promise<UserList> => ({ items: await admin.visibleUsers(caller()), nextCursor: null }),
);

/** Creates a user with a role and the properties they work at (admin). */
export const createUser = api(
  { expose: true, auth: true, method: "POST", path: "/users" },
  async (req: CreateUserRequest): Promise<User> => {
    const auth = caller();
    requireRole(auth, "admin");
    return admin.createUser(auth, parseInput(createUserSchema, req));
  },
);

/** Changes a user's name, role, properties, active flag or password (admin). Deactivation and password resets end their sessions. */
export const updateUser = api(
  { expose: true, auth: true, method: "PATCH", path: "/users/:id" },
  async (req: UpdateUserRequest): Promise<User> => {
    const auth = caller();
    requireRole(auth, "admin");
    const { id, ...changes } = parseInput(updateUserSchema, req);
    return admin.editUser(auth, id, changes);
  },
);

/** Lifts a user's sign-in throttle at every address (admin), with a reason kept in the lock's history. */
export const unlockUser = api(
  { expose: true, auth: true, method: "POST", path: "/users/:id/unlock" },
  async (req: UnlockRequest): Promise<UnlockResponse> => {
    const auth = caller();
    requireRole(auth, "admin");
    const { id, reason } = parseInput(unlockUserSchema, req);
    return admin.unlockUser(auth, id, reason);
  },
);

/** Sign-in locks of the organisation's accounts, newest first, open and lifted (admin). */
export const listSignInLocks = api(
  { expose: true, auth: true, method: "GET", path: "/auth/sign-in-locks" },
  async (req: LockListRequest): Promise<LockList> => {
    const auth = caller();
    requireRole(auth, "admin");
    return { items: await admin.signInLocks(auth, parseInput(listLocksSchema, req).limit), nextCursor: null };
  },
);
