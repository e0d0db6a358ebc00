// Access tokens are short-lived signed JWTs; refresh tokens are opaque random
// strings stored only as SHA-256 hashes, rotated on every use, grouped in
// families so reuse of a rotated token revokes the whole family.
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { secret } from "encore.dev/config";
import { LRUCache } from "lru-cache";
import type { Role } from "../shared/auth-data.ts";
import { isId } from "../shared/ids.ts";

export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
const ISSUER = "hospitality-finance";
const AUDIENCE = "hospitality-finance-api";

const jwtSigningKey = secret("JwtSigningKey");

let keyBytes: Uint8Array | null = null;

/** The configured key, or a development key generated once and kept under .data/ (never a key in code). */
function signingKey(): Uint8Array {
  if (keyBytes) return keyBytes;
  const configured = jwtSigningKey();
  if (configured) {
    if (configured.length < 32) throw new Error("JwtSigningKey must be at least 32 characters");
    keyBytes = new TextEncoder().encode(configured);
    return keyBytes;
  }
  const file = resolve(process.env.DATA_DIR ?? resolve(process.cwd(), ".data"), "jwt-dev-key");
  let key = readKey(file);
  if (!key) {
    // Written in full under a private name, then linked into place: link()
    // fails if another process won the race, and nobody ever reads a
    // half-written key.
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(tmp, randomBytes(48).toString("base64url"), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as { code?: string }).code !== "EEXIST") throw err;
      // An empty key file (left by an interrupted older writer) is replaced atomically.
      if (!readKey(file)) renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    key = readKey(file);
    if (!key) throw new Error(`could not read the development signing key at ${file}`);
  }
  keyBytes = new TextEncoder().encode(key);
  return keyBytes;
}

function readKey(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

export interface AccessClaims { userId: string; orgId: string; role: Role; /** Issued-at, seconds since the epoch (set when verified). */ issuedAtS?: number }

export function signAccessToken(c: AccessClaims): Promise<string> {
  return new SignJWT({ org: c.orgId, role: c.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(c.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(signingKey());
}

// Verification is deterministic for a token until it expires, so a verified
// token is remembered (never past its exp) and busy clients skip the HMAC.
const verified = new LRUCache<string, AccessClaims & { expMs: number }>({ max: 100_000 });

/** The token's claims, or null for an expired, tampered, foreign-key or malformed token. */
export async function verifyAccessToken(token: string): Promise<AccessClaims | null> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.expMs > Date.now()) return { userId: hit.userId, orgId: hit.orgId, role: hit.role, issuedAtS: hit.issuedAtS };
    verified.delete(token);
  }
  try {
    const { payload } = await jwtVerify(token, signingKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.org !== "string" || typeof payload.role !== "string" || typeof payload.exp !== "number" || typeof payload.iat !== "number") return null;
    // Tokens issued before ids became UUIDs (migration 9) name users and
    // organisations that no longer exist under those ids: unauthenticated, so
    // the client refreshes (refresh tokens were migrated) and carries on.
    if (!isId(payload.sub) || !isId(payload.org)) return null;
    const claims = { userId: payload.sub, orgId: payload.org, role: payload.role as Role, issuedAtS: payload.iat };
    verified.set(token, { ...claims, expMs: payload.exp * 1000 }, { ttl: Math.max(1, payload.exp * 1000 - Date.now()) });
    return claims;
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
