import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKPOINT_FALLBACK_PAGES } from "../../src/db/checkpointer.ts";
import { openDatabase } from "../../src/db/database.ts";

const dir = mkdtempSync(path.join(tmpdir(), "srqb-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of `t` in the database file alone (its WAL left behind): what a checkpoint has copied. */
function rowsInFile(file: string): number {
  const copy = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(file, copy);
  try {
    const handle = new SQLite(copy, { readonly: true });
    try {
      const table = handle.prepare("select 1 from sqlite_master where name = 't'").get();
      return table ? (handle.prepare("select count(*) as n from t").get() as { n: number }).n : 0;
    } finally {
      handle.close();
    }
  } catch {
    return -1; // copied halfway through a checkpoint's write: look again
  } finally {
    rmSync(copy, { force: true });
  }
}

describe("sqlite: checkpoints run off the event loop (db/checkpointer.ts)", () => {
  it("copies a run of commits into the file although the app's own checkpoint never fired, and leaves no WAL once closed", async () => {
    const file = path.join(dir, "shop.sqlite");
    const database = openDatabase({ dialect: "sqlite", file });
    const { db } = database;
    await sql`create table t (id integer primary key, note text not null)`.execute(db);
    const writes = 300;
    for (let i = 0; i < writes; i++)
      await db.transaction().execute(async (trx) => {
        await sql`insert into t (note) values (${`sale ${i}`})`.execute(trx);
      });
    // 300 one-row commits are a few hundred pages of WAL: far below the app's own threshold.
    expect(writes * 2).toBeLessThan(CHECKPOINT_FALLBACK_PAGES);
    let inFile = rowsInFile(file);
    for (let waited = 0; inFile !== writes && waited < 5000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      inFile = rowsInFile(file);
    }
    expect(inFile).toBe(writes);

    await database.close();
    // The worker's connection is closed too: the last connection out removes the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SQLite(file, { readonly: true });
    expect((reopened.prepare("select count(*) as n from t").get() as { n: number }).n).toBe(writes);
    reopened.close();
  });

  it("an idle database starts no thread: a few writes are left to SQLite's own checkpoint", async () => {
    const file = path.join(dir, "quiet.sqlite");
    const database = openDatabase({ dialect: "sqlite", file });
    await sql`create table t (id integer primary key, note text not null)`.execute(database.db);
    for (let i = 0; i < 20; i++) await sql`insert into t (note) values ('x')`.execute(database.db);
    await new Promise((r) => setTimeout(r, 300));
    expect(rowsInFile(file)).toBe(0);
    await database.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("a close with nothing else keeping the process alive still finishes (the worker is waited for, not dropped)", () => {
    const file = path.join(dir, "cli.sqlite");
    const script = fileURLToPath(new URL("../helpers/close-after-writes.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", script, file, "300"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    // Before: the process ran out of work halfway through close() and Node exited 13 (an unsettled await).
    expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: "closed" });
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
