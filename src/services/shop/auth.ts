import bcrypt from "bcrypt";
import { z } from "zod";
import {
  addFailure,
  clearThrottle,
  clearThrottleOfUser,
  deleteStaleThrottles,
  findThrottle,
  setLockedUntil,
} from "../../db/repositories/login-throttle.repo.ts";
import { deleteSessionsOfUser } from "../../db/repositories/sessions.repo.ts";
import { findUserByUsername, updateUser } from "../../db/repositories/users.repo.ts";
import type { Executor, User } from "../../db/types.ts";
import { NotFoundError, TooManyAttemptsError, ValidationError } from "../../lib/errors.ts";
import { isLanguage, type Language, type Msg, msg, zodMsg } from "../../lib/i18n.ts";
import { fromUtcString, nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import { recordAudit } from "./audit.ts";

export const PASSWORD_MIN_LENGTH = 8;
const BCRYPT_ROUNDS = 10;

export type Role = "owner" | "cashier";

/** What the rest of the app knows of a staff member: never the hash. */
export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  /** The language the interface speaks to them in (users.language). */
  language: Language;
}

export function toStaff(user: User): StaffMember {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    active: user.active === 1,
    language: isLanguage(user.language) ? user.language : "en",
  };
}

export const usernameSchema = z
  .string({ message: zodMsg("auth:username.required") })
  .transform((v) => v.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(3, zodMsg("auth:username.short", { min: 3 }))
      .max(32, zodMsg("auth:username.long", { max: 32 }))
      .regex(/^[a-z0-9._-]+$/, zodMsg("auth:username.chars")),
  );

export const passwordSchema = z
  .string({ message: zodMsg("auth:password.required") })
  .min(PASSWORD_MIN_LENGTH, zodMsg("auth:password.short", { min: PASSWORD_MIN_LENGTH }))
  .max(128, zodMsg("auth:password.long", { max: 128 }));

export const displayNameSchema = z
  .string({ message: zodMsg("auth:name.required") })
  .transform(cleanText)
  .pipe(
    z
      .string()
      .min(1, zodMsg("auth:name.required"))
      .max(80, zodMsg("auth:name.long", { max: 80 })),
  );

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export interface LoginPolicy {
  /** Failures from one client before it has to wait. */
  maxFailures: number;
  /** The longest wait, in minutes. */
  windowMinutes: number;
}

/** Who is trying: the address (for the audit log) and the client key (address + browser). */
export interface LoginClient {
  ip: string | null;
  key: string;
}

/** The first wait, doubled by each further failure up to policy.windowMinutes. */
export const FIRST_WAIT_SECONDS = 30;
/** A client that stops failing for this long starts again from zero. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/** Seconds a client waits after its `failures`-th failure (0 below the limit). */
export function waitSeconds(policy: LoginPolicy, failures: number): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(30, failures - policy.maxFailures);
  return Math.min(policy.windowMinutes * 60, FIRST_WAIT_SECONDS * 2 ** doublings);
}

function waitMessage(seconds: number): Msg {
  return seconds < 90
    ? msg("auth:login.waitSeconds", { count: seconds })
    : msg("auth:login.waitMinutes", { count: Math.ceil(seconds / 60) });
}

// A fixed hash to compare against when the username is unknown, so timing does
// not reveal which usernames exist.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_ROUNDS);

/**
 * Checks a username and password. Failures are counted per (username, client):
 * after policy.maxFailures that client waits, longer after each further
 * failure, while the right password from any other browser or till still
 * works — a guesser can slow itself down, never lock the owner out. Failures
 * and waits go to audit_log.
 */
export async function authenticate(
  db: Executor,
  policy: LoginPolicy,
  input: { username?: unknown; password?: unknown },
  client: LoginClient,
): Promise<StaffMember> {
  const username =
    typeof input.username === "string" ? input.username.trim().toLowerCase().slice(0, 64) : "";
  const password = typeof input.password === "string" ? input.password.slice(0, 200) : "";
  if (!username || !password) {
    throw new ValidationError(msg("auth:login.enterBoth"), {
      ...(username ? {} : { username: msg("auth:login.enterUsername") }),
      ...(password ? {} : { password: msg("auth:login.enterPassword") }),
    });
  }
  const { ip } = client;
  const key = { username, client: client.key };
  const throttle = await findThrottle(db, key);
  const lockedUntil = throttle?.locked_until ? fromUtcString(throttle.locked_until).getTime() : 0;
  if (lockedUntil > Date.now()) {
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - Date.now()) / 1000));
    await recordAudit(db, { userId: null, username, ip }, "login.locked");
    throw new TooManyAttemptsError(waitMessage(retryAfterSeconds), retryAfterSeconds);
  }
  const user = await findUserByUsername(db, username);
  const ok = await bcrypt.compare(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.active !== 1) {
    await recordAudit(db, { userId: user?.id ?? null, username, ip }, "login.failed", {
      detail: { reason: !user ? "unknown user" : !ok ? "wrong password" : "inactive" },
    });
    const now = Date.now();
    const failures = await addFailure(
      db,
      key,
      toUtcString(new Date(now)),
      toUtcString(new Date(now - FORGET_AFTER_MS)),
    );
    // A new count: a good moment to forget guessers that went away.
    if (failures === 1)
      await deleteStaleThrottles(db, toUtcString(new Date(now - FORGET_AFTER_MS)));
    const wait = waitSeconds(policy, failures);
    if (wait > 0) await setLockedUntil(db, key, toUtcString(new Date(now + wait * 1000)));
    throw new ValidationError(msg("auth:login.wrong"), { _form: msg("auth:login.wrong") });
  }
  if (throttle) await clearThrottle(db, key);
  await recordAudit(db, { userId: user.id, username, ip }, "login.succeeded");
  return toStaff(user);
}

/**
 * The shop PC's way back in (npm run staff:reset-password): a new password,
 * every session of the member ended, every client's failure count cleared.
 */
export async function resetPasswordFromConsole(
  db: Executor,
  username: string,
  password: string,
): Promise<StaffMember> {
  const name = username.trim().toLowerCase();
  const user = await findUserByUsername(db, name);
  if (!user) throw new NotFoundError(msg("auth:noSuchUsername", { username: name }));
  parseInput(passwordSchema, password);
  await updateUser(db, user.id, {
    password_hash: await hashPassword(password),
    updated_at: nowUtc(),
  });
  await deleteSessionsOfUser(db, user.id);
  await clearThrottleOfUser(db, name);
  await recordAudit(db, { userId: null, username: "console" }, "staff.reset_password", {
    entity: "user",
    entityId: user.id,
    detail: { username: name, via: "console" },
  });
  return toStaff(user);
}
