import { describe, expect, it } from "vitest";
import { isLockConflict, retryOnLockConflict } from "../../src/db/retry.ts";

const deadlock = Object.assign(new Error("Deadlock found"), {
  code: "ER_LOCK_DEADLOCK",
  errno: 1213,
});

describe("retryOnLockConflict", () => {
  it("recognises MySQL deadlocks and lock-wait timeouts and SQLite busy, nothing else", () => {
    expect(isLockConflict(deadlock)).toBe(true);
    expect(isLockConflict({ errno: 1205 })).toBe(true);
    expect(isLockConflict({ code: "SQLITE_BUSY" })).toBe(true);
    expect(isLockConflict({ code: "ER_DUP_ENTRY", errno: 1062 })).toBe(false);
    expect(isLockConflict(null)).toBe(false);
  });

  it("runs the transaction again after a deadlock and returns its result", async () => {
    let runs = 0;
    const result = await retryOnLockConflict(async () => {
      runs++;
      if (runs < 3) throw deadlock;
      return "done";
    });
    expect([result, runs]).toEqual(["done", 3]);
  });

  it("gives up after the last attempt, and never retries other errors", async () => {
    let runs = 0;
    await expect(
      retryOnLockConflict(async () => {
        runs++;
        throw deadlock;
      }, 3),
    ).rejects.toBe(deadlock);
    expect(runs).toBe(3);
    runs = 0;
    const other = new Error("validation");
    await expect(
      retryOnLockConflict(async () => {
        runs++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(runs).toBe(1);
  });
});
