import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCustomer } from "../../src/db/repositories/customers.repo.ts";
import {
  balanceMismatches,
  listLedger,
  setCreditLimit,
} from "../../src/db/repositories/ledger.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import {
  CreditLimitError,
  postLedgerEntry,
  StoreCreditError,
} from "../../src/services/accounts/ledger.ts";
import { freshDatabase, type TestDatabase, testDialects } from "../helpers/db.ts";

async function customer(db: Db, phone: string, creditLimit = 0): Promise<number> {
  const now = nowUtc();
  const id = await insertCustomer(db, {
    name: `Customer ${phone}`,
    phone,
    phone_rev: phone.split("").reverse().join(""),
    email: null,
    erased_at: null,
    created_at: now,
    updated_at: now,
  });
  if (creditLimit) await setCreditLimit(db, id, creditLimit);
  return id;
}

async function balanceOf(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom("customers")
    .select("balance")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

for (const dialect of testDialects()) {
  describe(`${dialect}: customer account ledger`, () => {
    let t: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      db = t.database.db;
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("entries move the balance and record it; the balance is the sum of the entries", async () => {
      const id = await customer(db, "+919800000001", 1000_00);
      const post = (kind: "credit_sale" | "payment" | "store_credit", amount: number) =>
        db
          .transaction()
          .execute((trx) => postLedgerEntry(trx, { customerId: id, kind, amount, userId: null }));
      expect((await post("credit_sale", 600_00)).balanceAfter).toBe(600_00);
      expect((await post("payment", -250_00)).balanceAfter).toBe(350_00);
      expect((await post("payment", -500_00)).balanceAfter).toBe(-150_00); // overpaid: store credit
      expect((await post("store_credit", -50_00)).balanceAfter).toBe(-200_00);
      expect(await balanceOf(db, id)).toBe(-200_00);
      const entries = await listLedger(db, id);
      expect(entries.map((e) => Number(e.balance_after))).toEqual([
        -200_00, -150_00, 350_00, 600_00,
      ]);
      expect(await balanceMismatches(db)).toEqual([]);
    });

    it("a credit sale past the limit is refused with the figures and moves nothing; an approval lets it through", async () => {
      const id = await customer(db, "+919800000002", 500_00);
      await db.transaction().execute((trx) =>
        postLedgerEntry(trx, {
          customerId: id,
          kind: "credit_sale",
          amount: 400_00,
          userId: null,
        }),
      );
      const refused = await db
        .transaction()
        .execute((trx) =>
          postLedgerEntry(trx, {
            customerId: id,
            kind: "credit_sale",
            amount: 100_01,
            userId: null,
          }),
        )
        .catch((e) => e);
      expect(refused).toBeInstanceOf(CreditLimitError);
      expect(refused).toMatchObject({ status: 409, balance: 400_00, creditLimit: 500_00 });
      expect(refused.message).toContain("₹500.00");
      expect(await balanceOf(db, id)).toBe(400_00);
      const approved = await db
        .transaction()
        .execute((trx) =>
          postLedgerEntry(
            trx,
            { customerId: id, kind: "credit_sale", amount: 100_01, userId: null },
            { approvedOverLimit: true },
          ),
        );
      expect(approved.balanceAfter).toBe(500_01);
      const noCredit = await customer(db, "+919800000003");
      const none = await db
        .transaction()
        .execute((trx) =>
          postLedgerEntry(trx, {
            customerId: noCredit,
            kind: "credit_sale",
            amount: 1,
            userId: null,
          }),
        )
        .catch((e) => e);
      expect(none).toBeInstanceOf(CreditLimitError);
      expect(none.message).toMatch(/no credit/);
      expect(await balanceMismatches(db)).toEqual([]);
    });

    it("store credit spends only what the customer has, and a wrong sign is refused", async () => {
      const id = await customer(db, "+919800000004");
      await db.transaction().execute((trx) =>
        postLedgerEntry(trx, {
          customerId: id,
          kind: "store_credit",
          amount: -120_00,
          userId: null,
        }),
      );
      const over = await db
        .transaction()
        .execute((trx) =>
          postLedgerEntry(trx, {
            customerId: id,
            kind: "credit_used",
            amount: 120_01,
            userId: null,
          }),
        )
        .catch((e) => e);
      expect(over).toBeInstanceOf(StoreCreditError);
      expect(over.message).toContain("₹120.00");
      const used = await db.transaction().execute((trx) =>
        postLedgerEntry(trx, {
          customerId: id,
          kind: "credit_used",
          amount: 120_00,
          userId: null,
        }),
      );
      expect(used.balanceAfter).toBe(0);
      const wrong = await db
        .transaction()
        .execute((trx) =>
          postLedgerEntry(trx, { customerId: id, kind: "payment", amount: 10_00, userId: null }),
        )
        .catch((e) => e);
      expect(wrong).toMatchObject({ status: 400 });
      expect(await balanceOf(db, id)).toBe(0);
    });

    it("an entry rolls back with the transaction that posted it", async () => {
      const id = await customer(db, "+919800000005", 1000_00);
      await db
        .transaction()
        .execute(async (trx) => {
          await postLedgerEntry(trx, {
            customerId: id,
            kind: "credit_sale",
            amount: 300_00,
            userId: null,
          });
          throw new Error("the bill failed after");
        })
        .catch(() => undefined);
      expect(await balanceOf(db, id)).toBe(0);
      expect(await listLedger(db, id)).toEqual([]);
    });

    it("twenty credit sales at once never pass the limit: exactly the ones that fit go through", async () => {
      const id = await customer(db, "+919800000006", 1000_00);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          db.transaction().execute((trx) =>
            postLedgerEntry(trx, {
              customerId: id,
              kind: "credit_sale",
              amount: 100_00,
              userId: null,
            }),
          ),
        ),
      );
      const ok = results.filter((r) => r.status === "fulfilled").length;
      const refused = results.filter(
        (r) => r.status === "rejected" && r.reason instanceof CreditLimitError,
      ).length;
      expect({ ok, refused }).toEqual({ ok: 10, refused: 10 });
      expect(await balanceOf(db, id)).toBe(1000_00);
      const afters = (await listLedger(db, id))
        .map((e) => Number(e.balance_after))
        .sort((a, b) => a - b);
      expect(afters).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100_00));
      expect(await balanceMismatches(db)).toEqual([]);
    });
  });
}
