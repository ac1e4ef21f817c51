import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCounter, takeNextValue } from "../../src/db/repositories/counters.repo.ts";
import { freshDatabase, type TestDatabase, testDialects } from "../helpers/db.ts";

/** Gapless series (bill, credit note and receipt numbers) rest on takeNextValue. */
for (const dialect of testDialects()) {
  describe(`${dialect}: counters`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
    });
    afterAll(async () => t?.cleanup());

    it("takes 1, 2, 3 of a series, none of a missing one, and a rollback gives its value back", async () => {
      const { db } = t.database;
      expect(await db.transaction().execute((trx) => takeNextValue(trx, "test:none"))).toBeNull();
      await ensureCounter(db, "test:a");
      await ensureCounter(db, "test:a");
      const taken: Array<number | null> = [];
      for (let i = 0; i < 3; i++)
        taken.push(await db.transaction().execute((trx) => takeNextValue(trx, "test:a")));
      expect(taken).toEqual([1, 2, 3]);
      await expect(
        db.transaction().execute(async (trx) => {
          expect(await takeNextValue(trx, "test:a")).toBe(4);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      expect(await db.transaction().execute((trx) => takeNextValue(trx, "test:a"))).toBe(4);
      // Another series is its own.
      await ensureCounter(db, "test:b");
      expect(await db.transaction().execute((trx) => takeNextValue(trx, "test:b"))).toBe(1);
    });
  });
}
