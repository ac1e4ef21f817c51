import {
  CompiledQuery,
  type Insertable,
  type KyselyPlugin,
  type QueryId,
  type RootOperationNode,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../src/db/errors.ts";
import { insertCustomer } from "../../src/db/repositories/customers.repo.ts";
import type { BillTable, Db } from "../../src/db/types.ts";
import { ValidationError } from "../../src/lib/errors.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import {
  DuplicateCustomerError,
  registerCustomer,
  searchCustomers,
} from "../../src/services/customers/customers.ts";
import { eraseCustomer } from "../../src/services/customers/edit.ts";
import { type Agent, makeApp, shopWithStaff, type TestApp, tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

const actor = { userId: null, username: "test" };
const owner = { ...actor, role: "owner" as const };

/** Formats of one number a cashier may type (issue 5). */
const FORMATS = ["98765 43210", "+91-98765-43210", "+91 9876543210", "09876543210", "9876543210"];

/** A bill row with every column set (tests add bills directly; billing is another feature). */
function billRow(
  over: Partial<Insertable<BillTable>> & Pick<Insertable<BillTable>, "status" | "created_at">,
) {
  const row: Insertable<BillTable> = {
    number: null,
    customer_id: null,
    cashier_id: 1,
    subtotal: 0,
    line_discount_total: 0,
    discount_kind: "amount",
    discount_value: 0,
    bill_discount: 0,
    taxable_total: 0,
    tax_total: 0,
    round_off: 0,
    total: 0,
    payment_mode: null,
    paid_cash: 0,
    paid_upi: 0,
    paid_card: 0,
    tendered: 0,
    change_due: 0,
    updated_at: over.created_at,
    held_at: null,
    completed_at: null,
    voided_at: null,
    voided_by: null,
    void_reason: null,
    open_for: null,
    ...over,
  };
  return row;
}

let billSeq = 0;
async function addBill(
  db: Db,
  customerId: number | null,
  total: number,
  at: string,
  status: "completed" | "open" = "completed",
) {
  const open = status === "open";
  const result = await db
    .insertInto("bills")
    .values(
      billRow({
        status,
        number: open ? null : `2026-27/${String(++billSeq).padStart(6, "0")}`,
        customer_id: customerId,
        total,
        subtotal: total,
        paid_cash: open ? 0 : total,
        payment_mode: open ? null : "cash",
        created_at: at,
        completed_at: open ? null : at,
        open_for: open ? 1 : null,
      }),
    )
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

async function setStats(
  db: Db,
  customerId: number,
  spent: number,
  count: number,
  first: string,
  last: string,
) {
  await db
    .insertInto("customer_stats")
    .values({
      customer_id: customerId,
      total_spent: spent,
      bill_count: count,
      first_purchase_at: first,
      last_purchase_at: last,
    })
    .execute();
}

/** Captures the SQL a service call runs, to EXPLAIN it. */
function capture(db: Db) {
  const nodes: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push({ node: args.node, queryId: args.queryId });
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), nodes };
}

for (const dialect of testDialects()) {
  describe(`${dialect}: customers`, () => {
    let t: TestApp;
    let db: Db;
    let ownerAgent: Agent;
    let cashierAgent: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      db = t.database.db;
      const staff = await shopWithStaff(t);
      ownerAgent = staff.owner;
      cashierAgent = staff.cashier;
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it("finds the same customer from every format of the number", async () => {
      const c = await registerCustomer(db, actor, {
        name: "Ramesh Kumar",
        phone: FORMATS[0],
        email: "",
      });
      expect(c.phone).toBe("+919876543210");
      for (const q of FORMATS) {
        const found = await searchCustomers(db, q);
        expect(
          found.map((x) => x.id),
          q,
        ).toEqual([c.id]);
      }
      // last 4+ digits, start of the number, and names from the start of any word
      for (const q of ["3210", "43210", "98765", "ram", "KUM", "ramesh ku"]) {
        expect(
          (await searchCustomers(db, q)).map((x) => x.id),
          q,
        ).toContain(c.id);
      }
      // too little to search, and no match inside a word (that would be a table scan)
      expect(await searchCustomers(db, "321")).toEqual([]);
      expect(await searchCustomers(db, "mesh")).toEqual([]);
      // every format of the same number is a duplicate, with a link to the existing customer
      for (const phone of FORMATS) {
        const err = await registerCustomer(db, actor, { name: "Someone", phone }).catch((e) => e);
        expect(err).toBeInstanceOf(DuplicateCustomerError);
        expect(err.existingId).toBe(c.id);
        expect(err.message).toContain("Ramesh Kumar");
      }
    });

    it("rejects invalid numbers and emails with a message", async () => {
      const cases: Array<[string, RegExp]> = [
        ["98765", /too short/],
        ["12345", /start with 6, 7, 8 or 9/],
        ["98765abcde", /only have digits/],
        ["020 2345 6789", /landline/],
        ["", /required/],
        ["+91 12", /not a valid/],
      ];
      for (const [phone, message] of cases) {
        const err = await registerCustomer(db, actor, { name: "X", phone }).catch((e) => e);
        expect(err, phone).toBeInstanceOf(ValidationError);
        expect(err.fields.phone, phone).toMatch(message);
      }
      const bad = await registerCustomer(db, actor, {
        name: "X",
        phone: "9811111111",
        email: "nope",
      }).catch((e) => e);
      expect(bad.fields.email).toMatch(/email/i);
      const noName = await registerCustomer(db, actor, { name: "  ", phone: "9811111111" }).catch(
        (e) => e,
      );
      expect(noName.fields.name).toMatch(/required/);
      // Landlines and foreign numbers are fine when typed with +
      const land = await registerCustomer(db, actor, { name: "Office", phone: "+91 20 2345 6789" });
      expect(land.phone).toBe("+912023456789");
      const uk = await registerCustomer(db, actor, {
        name: "Visitor",
        phone: "+44 7911 123456",
        email: "V@Example.com",
      });
      expect(uk).toMatchObject({ phone: "+447911123456", email: "v@example.com" });
    });

    it("two tills registering one number at once end with one customer", async () => {
      for (let round = 0; round < 3; round++) {
        const phone = `+9190000000${round}0`;
        const results = await Promise.allSettled([
          registerCustomer(db, actor, { name: `Till A ${round}`, phone }),
          registerCustomer(db, actor, {
            name: `Till B ${round}`,
            phone: phone.replace("+91", "0"),
          }),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const winner = (won[0] as PromiseFulfilledResult<{ id: number }>).value;
        const reason = (lost[0] as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(DuplicateCustomerError);
        expect(reason.existingId).toBe(winner.id);
        const rows = await db
          .selectFrom("customers")
          .select("id")
          .where("phone", "=", phone)
          .execute();
        expect(rows).toHaveLength(1);
      }
      // The unique index itself (not only the check before insert) refuses a second row.
      const err = await insertCustomer(db, {
        name: "Bypass",
        phone: "+919000000000",
        phone_rev: "0000000009",
        email: null,
        erased_at: null,
        created_at: nowUtc(),
        updated_at: nowUtc(),
      }).catch((e) => e);
      expect(isUniqueViolation(err)).toBe(true);
    });

    it("searches with indexes, never a table scan", async () => {
      for (const q of ["+91 98765 43210", "3210", "98765", "ramesh ku"]) {
        const cap = capture(db);
        await searchCustomers(cap.db, q);
        expect(cap.nodes.length, q).toBeGreaterThan(0);
        for (const { node, queryId } of cap.nodes) {
          const compiled = db.getExecutor().compileQuery(node, queryId);
          const prefix = dialect === "sqlite" ? "explain query plan " : "explain ";
          const plan = await db.executeQuery<Record<string, unknown>>(
            CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
          );
          if (dialect === "sqlite") {
            const details = plan.rows.map((r) => String(r.detail));
            expect(details.join("\n"), q).not.toMatch(/^SCAN /m);
          } else {
            // Tiny tables may be read whole by choice; what matters is that an index applies.
            for (const row of plan.rows)
              expect(row.possible_keys, `${q}: ${JSON.stringify(row)}`).toBeTruthy();
          }
        }
      }
    });

    it("erases a customer: details gone, bills kept, stats removed, audited", async () => {
      const c = await registerCustomer(db, actor, {
        name: "Priya Sharma",
        phone: "9822222222",
        email: "priya@example.com",
      });
      const billId = await addBill(db, c.id, 12500, "2026-11-01 10:00:00");
      const openId = await addBill(db, c.id, 0, "2026-11-02 10:00:00", "open");
      await setStats(db, c.id, 12500, 1, "2026-11-01 10:00:00", "2026-11-01 10:00:00");

      const cashierErr = await eraseCustomer(db, { ...actor, role: "cashier" }, c.id, {
        confirm: "ERASE",
      }).catch((e) => e);
      expect(cashierErr.status).toBe(403);
      const unconfirmed = await eraseCustomer(db, owner, c.id, { confirm: "yes" }).catch((e) => e);
      expect(unconfirmed).toBeInstanceOf(ValidationError);

      const erased = await eraseCustomer(db, owner, c.id, { confirm: "erase" });
      expect(erased).toMatchObject({
        name: "Erased customer",
        phone: null,
        email: null,
        erased: true,
      });
      const row = await db
        .selectFrom("customers")
        .selectAll()
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ phone: null, phone_rev: null, email: null });
      expect(row.erased_at).not.toBeNull();
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(Number(bill.customer_id)).toBe(c.id);
      const open = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", openId)
        .executeTakeFirstOrThrow();
      expect(open.customer_id).toBeNull();
      const stats = await db
        .selectFrom("customer_stats")
        .selectAll()
        .where("customer_id", "=", c.id)
        .execute();
      expect(stats).toHaveLength(0);
      const audit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "customer.erase")
        .execute();
      expect(audit.map((a) => a.entity_id)).toContain(String(c.id));
      expect(JSON.stringify(audit)).not.toContain("Priya");
      expect(await searchCustomers(db, "priya")).toEqual([]);
      expect(await searchCustomers(db, "2222")).toEqual([]);
      // The number is free again: the person may come back as a new customer.
      const again = await registerCustomer(db, actor, { name: "Priya S", phone: "9822222222" });
      expect(again.id).not.toBe(c.id);

      const page = await ownerAgent.get(`/customers/${c.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain("Erased customer");
      expect(page.text).toContain(`/bills/${billId}`);
      expect(page.text).not.toContain("priya@example.com");
      const list = await ownerAgent.get("/customers");
      expect(list.text).not.toContain(`/customers/${c.id}"`);
    });

    it("registers through the form; a duplicate links to the existing customer", async () => {
      const token = await tokenFor(cashierAgent, "/customers/new?phone=9833333333");
      const form = await cashierAgent.get("/customers/new?phone=9833333333");
      expect(form.text).toContain('value="+91 98333 33333"');
      const ok = await cashierAgent
        .post("/customers")
        .type("form")
        .send({ _csrf: token, name: "Anil", phone: "98333 33333" });
      expect(ok.status).toBe(303);
      const id = Number(String(ok.headers.location).match(/\/customers\/(\d+)/)?.[1]);
      const dup = await cashierAgent
        .post("/customers")
        .type("form")
        .send({ _csrf: token, name: "Anil 2", phone: "+91-98333-33333" });
      expect(dup.status).toBe(409);
      expect(dup.text).toContain("already registered to Anil");
      expect(dup.text).toContain(`href="/customers/${id}"`);
      const bad = await cashierAgent
        .post("/customers")
        .type("form")
        .send({ _csrf: token, name: "Anil", phone: "020 2345 6789" });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("landline");
      const count = await db
        .selectFrom("customers")
        .select("id")
        .where("name", "like", "Anil%")
        .execute();
      expect(count).toHaveLength(1);
    });

    it("renders a name with HTML escaped everywhere", async () => {
      const name = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
      const c = await registerCustomer(db, actor, { name, phone: "9844444444" });
      const pages = [
        await ownerAgent.get(`/customers/${c.id}`),
        await ownerAgent.get("/customers"),
        await ownerAgent.get("/customers?q=4444").set("HX-Request", "true"),
        await ownerAgent.get(`/customers/${c.id}/edit`),
      ];
      for (const res of pages) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain("<script>alert");
        expect(res.text).not.toContain("<img src=x");
        expect(res.text).toContain("&lt;script&gt;alert(");
      }
    });

    it("applies the role rules", async () => {
      const c = await registerCustomer(db, actor, {
        name: "Role Test",
        phone: "9855555555",
        email: "r@example.com",
      });
      // cashier: search, view, fix the name; no list, exports, erasure or contact changes
      const search = await cashierAgent.get("/customers");
      expect(search.status).toBe(200);
      expect(search.text).not.toContain("export.csv");
      expect(search.text).not.toContain("customers-table");
      expect((await cashierAgent.get("/customers?q=5555")).text).toContain("Role Test");
      expect((await cashierAgent.get(`/customers/${c.id}`)).status).toBe(200);
      expect((await cashierAgent.get("/customers/export.csv")).status).toBe(403);
      expect((await cashierAgent.get(`/customers/${c.id}/export.csv`)).status).toBe(403);
      expect((await cashierAgent.get(`/customers/${c.id}/erase`)).status).toBe(403);
      const token = await tokenFor(cashierAgent, `/customers/${c.id}/edit`);
      const erase = await cashierAgent
        .post(`/customers/${c.id}/erase`)
        .type("form")
        .send({ _csrf: token, confirm: "ERASE" });
      expect(erase.status).toBe(403);
      const phone = await cashierAgent
        .post(`/customers/${c.id}`)
        .type("form")
        .send({ _csrf: token, name: "Role Test", phone: "9866666666" });
      expect(phone.status).toBe(403);
      const email = await cashierAgent
        .post(`/customers/${c.id}`)
        .type("form")
        .send({ _csrf: token, name: "Role Test", email: "x@example.com" });
      expect(email.status).toBe(403);
      const rename = await cashierAgent
        .post(`/customers/${c.id}`)
        .type("form")
        .send({ _csrf: token, name: "Role Tested" });
      expect(rename.status).toBe(303);
      let row = await db
        .selectFrom("customers")
        .selectAll()
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        name: "Role Tested",
        phone: "+919855555555",
        email: "r@example.com",
      });
      expect((await searchCustomers(db, "tested")).map((x) => x.id)).toEqual([c.id]);

      // owner: a phone change keeps the bills (they reference the customer id)
      const billId = await addBill(db, c.id, 5000, "2026-11-03 10:00:00");
      const ownerToken = await tokenFor(ownerAgent, `/customers/${c.id}/edit`);
      const change = await ownerAgent
        .post(`/customers/${c.id}`)
        .type("form")
        .send({ _csrf: ownerToken, name: "Role Tested", phone: "098666 66666", email: "" });
      expect(change.status).toBe(303);
      row = await db
        .selectFrom("customers")
        .selectAll()
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ phone: "+919866666666", phone_rev: "666666668919", email: null });
      expect((await searchCustomers(db, "9866666666")).map((x) => x.id)).toEqual([c.id]);
      expect(await searchCustomers(db, "9855555555")).toEqual([]);
      expect((await ownerAgent.get(`/customers/${c.id}`)).text).toContain(`/bills/${billId}`);
      // changing to another customer's number is refused with a link
      const taken = await ownerAgent
        .post(`/customers/${c.id}`)
        .type("form")
        .send({ _csrf: ownerToken, name: "Role Tested", phone: "9876543210" });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain("Ramesh Kumar");
    });

    it("shows totals and paged bill history, newest first", async () => {
      const c = await registerCustomer(db, actor, { name: "History Person", phone: "9877777777" });
      const ids: number[] = [];
      for (let i = 1; i <= 25; i++)
        ids.push(
          await addBill(db, c.id, i * 1000, `2026-10-${String(i).padStart(2, "0")} 06:00:00`),
        );
      await setStats(db, c.id, 325_000, 25, "2026-10-01 06:00:00", "2026-10-25 06:00:00");
      const page = await cashierAgent.get(`/customers/${c.id}`);
      expect(page.text).toContain("₹3,250.00"); // spent
      expect(page.text).toContain("₹130.00"); // average
      expect(page.text).toContain("25-10-2026 11:30 AM"); // last visit in Asia/Kolkata, as on bills
      const newest = page.text.indexOf(`/bills/${ids[24]}"`);
      const older = page.text.indexOf(`/bills/${ids[10]}"`);
      expect(newest).toBeGreaterThan(0);
      expect(older).toBeGreaterThan(newest);
      expect(page.text).not.toContain(`/bills/${ids[0]}"`); // page 2
      const p2 = await cashierAgent
        .get(`/customers/${c.id}/bills?page=2`)
        .set("HX-Request", "true");
      expect(p2.text).toContain(`/bills/${ids[0]}"`);
      expect(p2.text).toContain("page 2 of 2");
    });

    it("pages through spend order: buyers by spend, then those who never bought", async () => {
      const { listCustomers } = await import("../../src/services/customers/history.ts");
      for (const dir of ["asc", "desc"] as const) {
        const seen: Array<{ id: number; spent: number; bills: number }> = [];
        const first = await listCustomers(db, { sort: "spent", dir, page: 1 }, 3);
        for (let page = 1; page <= first.pages; page++)
          seen.push(...(await listCustomers(db, { sort: "spent", dir, page }, 3)).rows);
        expect(seen).toHaveLength(first.total);
        expect(new Set(seen.map((r) => r.id)).size).toBe(first.total);
        const buyers = seen.filter((r) => r.bills > 0);
        expect(seen.slice(0, buyers.length)).toEqual(buyers);
        const spends = buyers.map((r) => r.spent);
        const sorted = [...spends].sort((a, b) => (dir === "asc" ? a - b : b - a));
        expect(spends).toEqual(sorted);
      }
    });

    it("lists customers for the owner, sorted by spend, and exports safe CSV", async () => {
      const rich = await registerCustomer(db, actor, {
        name: '=HYPERLINK("http://evil")',
        phone: "9888888888",
        email: "",
      });
      await setStats(db, rich.id, 99_999_900, 3, "2026-01-01 00:00:00", "2026-11-20 00:00:00");
      const bySpend = await ownerAgent.get("/customers?sort=spent");
      expect(bySpend.status).toBe(200);
      const first = bySpend.text.match(/<a href="\/customers\/(\d+)">/);
      expect(Number(first?.[1])).toBe(rich.id);
      expect(bySpend.text).toContain('aria-sort="descending"');
      const byName = await ownerAgent.get("/customers?sort=name&dir=asc&page=99");
      expect(byName.status).toBe(200);
      const junk = await ownerAgent.get("/customers?sort=drop%20table&page=-4");
      expect(junk.status).toBe(200);

      const list = await ownerAgent.get("/customers/export.csv");
      expect(list.status).toBe(200);
      expect(list.headers["content-type"]).toMatch(/text\/csv/);
      expect(list.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(list.text).toContain("'+919888888888");
      expect(list.text).not.toMatch(/^=|,=/m);
      const one = await ownerAgent.get(`/customers/${rich.id}/export.csv`);
      expect(one.status).toBe(200);
      expect(one.text).toContain("'=HYPERLINK");
      expect(one.text).toContain("999999.00");
      const audit = await db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "like", "customer%export")
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(["customer.export", "customers.export"]);
    });
  });
}
