import type { Updateable } from "kysely";
import type { Executor, NewUser, User, UserTable } from "../types.ts";

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listUsers(db: Executor): Promise<User[]> {
  return db.selectFrom("users").selectAll().orderBy("role", "desc").orderBy("username").execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveOwners(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "owner")
    .where("active", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a user and returns its id (MySQL has no RETURNING: use insertId). */
export async function insertUser(db: Executor, user: NewUser): Promise<number> {
  const result = await db.insertInto("users").values(user).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function updateUser(
  db: Executor,
  id: number,
  changes: Updateable<UserTable>,
): Promise<void> {
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}
