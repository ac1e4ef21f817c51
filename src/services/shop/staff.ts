import { z } from "zod";
import { deleteSessionsOfUser } from "../../db/repositories/sessions.repo.ts";
import {
  countActiveOwners,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  updateUser,
} from "../../db/repositories/users.repo.ts";
import type { Executor } from "../../db/types.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { LANGUAGES, type Language, msg, zodMsg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "./audit.ts";
import {
  displayNameSchema,
  hashPassword,
  passwordSchema,
  type StaffMember,
  toStaff,
  usernameSchema,
} from "./auth.ts";

/** A staff member's interface language, as a form sends it (empty: English). */
export const languageSchema = z
  .enum(LANGUAGES as [Language, ...Language[]], { message: zodMsg("staff:errors.language") })
  .default("en");

/** Staff accounts: create, list, reset a password, deactivate (owner only; see routes/shop/staff.ts). */
const newStaffSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    password: passwordSchema,
    confirmPassword: z.string({ message: zodMsg("auth:password.confirm") }),
    role: z.enum(["owner", "cashier"], { message: zodMsg("staff:errors.role") }).default("cashier"),
    language: languageSchema,
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: zodMsg("auth:password.mismatch"),
    path: ["confirmPassword"],
  });

export type NewStaffInput = z.input<typeof newStaffSchema>;

/** Creates a staff account; the username must be new. */
export async function createStaff(
  db: Executor,
  actor: Actor,
  input: unknown,
): Promise<StaffMember> {
  const data = parseInput(newStaffSchema, input);
  if (await findUserByUsername(db, data.username)) {
    const taken = msg("staff:errors.usernameTaken");
    throw new ConflictError(taken, { username: taken });
  }
  const now = nowUtc();
  const id = await insertUser(db, {
    username: data.username,
    display_name: data.displayName,
    password_hash: await hashPassword(data.password),
    role: data.role,
    active: 1,
    language: data.language,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(db, actor, "staff.create", {
    entity: "user",
    entityId: id,
    detail: { username: data.username, role: data.role },
  });
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError(msg("staff:errors.notFound"));
  return toStaff(user);
}

export async function listStaff(db: Executor): Promise<StaffMember[]> {
  return (await listUsers(db)).map(toStaff);
}

export async function getStaff(db: Executor, id: number): Promise<StaffMember> {
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError(msg("staff:errors.notFound"));
  return toStaff(user);
}

const resetSchema = z
  .object({
    password: passwordSchema,
    confirmPassword: z.string({ message: zodMsg("auth:password.confirm") }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: zodMsg("auth:password.mismatch"),
    path: ["confirmPassword"],
  });

/** Sets a new password and ends the member's live sessions. */
export async function resetPassword(
  db: Executor,
  actor: Actor,
  userId: number,
  input: unknown,
): Promise<void> {
  const data = parseInput(resetSchema, input);
  const user = await getStaff(db, userId);
  await updateUser(db, userId, {
    password_hash: await hashPassword(data.password),
    updated_at: nowUtc(),
  });
  await deleteSessionsOfUser(db, userId);
  await recordAudit(db, actor, "staff.reset_password", {
    entity: "user",
    entityId: userId,
    detail: { username: user.username },
  });
}

/** Deactivates or reactivates an account; deactivation ends its sessions at once. */
export async function setStaffActive(
  db: Executor,
  actor: Actor,
  userId: number,
  active: boolean,
): Promise<void> {
  const user = await getStaff(db, userId);
  if (!active && user.role === "owner" && user.active && (await countActiveOwners(db)) <= 1) {
    throw new ConflictError(msg("staff:errors.lastOwner"));
  }
  await updateUser(db, userId, { active: active ? 1 : 0, updated_at: nowUtc() });
  if (!active) await deleteSessionsOfUser(db, userId);
  await recordAudit(db, actor, active ? "staff.activate" : "staff.deactivate", {
    entity: "user",
    entityId: userId,
    detail: { username: user.username },
  });
}

/** Sets the language a staff member's interface speaks (their own switch, or the owner's staff page). */
export async function setStaffLanguage(
  db: Executor,
  actor: Actor,
  userId: number,
  input: unknown,
): Promise<Language> {
  const language = parseInput(z.object({ language: languageSchema }), input).language;
  const user = await getStaff(db, userId);
  await updateUser(db, userId, { language, updated_at: nowUtc() });
  if (actor.userId !== userId)
    await recordAudit(db, actor, "staff.language", {
      entity: "user",
      entityId: userId,
      detail: { username: user.username, from: user.language, to: language },
    });
  return language;
}
