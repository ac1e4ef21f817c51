import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setStaffActive } from "../../src/services/shop/staff.ts";
import {
  type Agent,
  CASHIER,
  csrfFrom,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { tableDigest } from "../helpers/corpus.ts";
import { testDialects } from "../helpers/db.ts";
import { concrete, listRoutes, PUBLIC, type RouteEntry } from "../helpers/routes.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/**
 * Proof 5 — the access dimensions access.test.ts (anonymous / cashier /
 * owner) and security.test.ts (fixation, idle timeout) do not walk over every
 * route: a deactivated user's and an expired session's cookie, a missing,
 * forged or another session's CSRF token, and another cashier's open bill.
 * Each time the expected status, and nothing written.
 */

const isPublic = (path: string) => PUBLIC.some((re) => re.test(path));
const sidOf = (agent: Agent) =>
  decodeURIComponent(
    (
      agent as unknown as {
        jar: { getCookie(n: string, o: object): { value: string } | undefined };
      }
    ).jar.getCookie("srqb.sid", { domain: "127.0.0.1", path: "/", secure: false, script: false })
      ?.value ?? "",
  );

function call(agent: Agent, r: RouteEntry, url: string) {
  return r.method === "GET" ? agent.get(url) : agent.post(url);
}

for (const dialect of testDialects()) {
  describe(`${dialect}: access matrix over every route`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    let routes: RouteEntry[];
    let cashierId: number;
    beforeAll(async () => {
      t = await makeApp(dialect, { loginMaxPerAddress: 100_000 });
      ({ owner, cashier } = await shopWithStaff(t));
      routes = listRoutes(t.app).filter((r) => !isPublic(r.path));
      const row = await t.database.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", CASHIER.username)
        .executeTakeFirstOrThrow();
      cashierId = row.id;
    });
    afterAll(async () => {
      await t.cleanup();
    });

    /** Every route with a dead session's cookie and its old token: login page / 401 / 403, nothing written. */
    async function expectDeadSession(agent: Agent, token: string, what: string) {
      const problems: string[] = [];
      for (const r of routes) {
        const url = concrete(r.path, 1);
        const before = await tableDigest(t.database.db);
        if (r.method === "GET") {
          const res = await agent.get(url);
          if (res.status !== 302 || !String(res.headers.location).startsWith("/login"))
            problems.push(`${what} GET ${url}: ${res.status}`);
          const hx = await agent.get(url).set("HX-Request", "true");
          if (hx.status !== 401) problems.push(`${what} htmx GET ${url}: ${hx.status}`);
        } else {
          // The old token died with the session: the CSRF check refuses first.
          const res = await call(agent, r, url).set("X-CSRF-Token", token).type("form").send({});
          if (res.status !== 403) problems.push(`${what} ${r.method} ${url}: ${res.status}`);
        }
        if ((await tableDigest(t.database.db)) !== before)
          problems.push(`${what} ${r.path}: wrote`);
      }
      expect(problems).toEqual([]);
    }

    it("a deactivated user's cookie opens nothing; the user cannot log in again", async () => {
      const victim = await loginAs(t.app, CASHIER.username, CASHIER.password);
      const token = await tokenFor(victim, "/");
      expect((await victim.get("/till")).status).toBe(200);
      await setStaffActive(t.database.db, { userId: null, username: "test" }, cashierId, false);
      try {
        await expectDeadSession(victim, token, "deactivated");
        const again = request.agent(t.app);
        const page = await again.get("/login");
        const res = await again
          .post("/login")
          .type("form")
          .send({
            _csrf: csrfFrom(page.text),
            username: CASHIER.username,
            password: CASHIER.password,
          });
        expect(res.status).not.toBe(302);
        expect(res.status).toBeLessThan(500);
      } finally {
        await setStaffActive(t.database.db, { userId: null, username: "test" }, cashierId, true);
        cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
      }
    });

    it("an expired session's cookie opens nothing", async () => {
      const agent = await loginAs(t.app, OWNER.username, OWNER.password);
      const token = await tokenFor(agent, "/");
      const sid = sidOf(agent);
      expect(sid).toMatch(/^s:/);
      // The idle time passes (the clock moves on; the row and this process's copy of it keep
      // the expiry they had).
      const [row] = await t.database.db
        .selectFrom("sessions")
        .select("expires")
        .where("sid", "=", sid.slice(2, sid.lastIndexOf(".")))
        .execute();
      vi.useFakeTimers({ toFake: ["Date"], now: Number(row?.expires) + 1000 });
      try {
        await expectDeadSession(agent, token, "expired");
      } finally {
        vi.useRealTimers();
      }
    });

    it("every state-changing route refuses a missing, forged or another session's CSRF token (403)", async () => {
      const problems: string[] = [];
      const ownerToken = await tokenFor(owner, "/");
      const cashierToken = await tokenFor(cashier, "/");
      const posts = listRoutes(t.app).filter((r) => r.method !== "GET");
      for (const [who, agent, otherToken] of [
        ["owner", owner, cashierToken],
        ["cashier", cashier, ownerToken],
      ] as const) {
        for (const r of posts) {
          const url = concrete(r.path, 1);
          for (const [label, token] of [
            ["missing", null],
            ["forged", "forged-token-0123456789abcdef"],
            ["another session's", otherToken],
          ] as const) {
            const before = await tableDigest(t.database.db);
            let req = call(agent, r, url).set("HX-Request", "true");
            if (token) req = req.set("X-CSRF-Token", token);
            const res = await req.type("form").send({ _csrf: token ?? "" });
            if (res.status !== 403)
              problems.push(`${who} ${r.method} ${url} ${label} token: ${res.status}`);
            if ((await tableDigest(t.database.db)) !== before)
              problems.push(`${who} ${r.path} ${label}: wrote`);
          }
        }
      }
      expect(problems).toEqual([]);
      // Both are still logged in: a refused token does not end the session.
      expect((await owner.get("/")).status).toBe(200);
      expect((await cashier.get("/till")).status).toBe(200);
    });

    it("a planted session id is never adopted (session fixation)", async () => {
      const planted = "s%3Aattacker-chosen-id.forgedsignature";
      const page = await request(t.app).get("/login").set("Cookie", `srqb.sid=${planted}`);
      const res = await request(t.app)
        .post("/login")
        .set("Cookie", `srqb.sid=${planted}`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), username: OWNER.username, password: OWNER.password });
      // The forged cookie carried no session, so its CSRF token cannot match: refused.
      expect(res.status).toBe(403);
      const rows = await t.database.db
        .selectFrom("sessions")
        .select("sid")
        .where("sid", "=", "attacker-chosen-id")
        .execute();
      expect(rows).toHaveLength(0);
    });

    it("another cashier's open bill: its lines, completion and page are out of reach", async () => {
      const db = t.database.db;
      await seedProduct(db, { code: "ACC-1", name: "Access test tea", price: 1500, stock: 20 });
      const otherToken = await tillToken(cashier);
      const scanned = await tillPost(cashier, otherToken, "/till/scan", { code: "ACC-1" });
      expect(scanned.status).toBe(200);
      const billId = billIdFrom(scanned.text);
      const line = await db
        .selectFrom("bill_lines")
        .select("id")
        .where("bill_id", "=", billId)
        .executeTakeFirstOrThrow();
      const snapshot = () =>
        db
          .selectFrom("bill_lines")
          .select(["id", "qty", "discount_value"])
          .where("bill_id", "=", billId)
          .execute();
      const before = await snapshot();

      // The owner (or any other staff) at their own till tries the cashier's bill.
      const token = await tillToken(owner);
      const expectations: Array<[string, Record<string, string>, number]> = [
        [`/till/lines/${line.id}/qty`, { qty: "9" }, 404],
        [`/till/lines/${line.id}/inc`, {}, 404],
        [`/till/lines/${line.id}/dec`, {}, 404],
        [`/till/lines/${line.id}/remove`, {}, 404],
        [`/till/lines/${line.id}/discount`, { kind: "amount", discount: "5" }, 404],
        [`/till/held/${billId}/resume`, {}, 404],
        ["/till/complete", { billId: String(billId), mode: "cash" }, 403],
      ];
      const problems: string[] = [];
      for (const [url, body, status] of expectations) {
        const res = await tillPost(owner, token, url, body);
        if (res.status !== status) problems.push(`POST ${url}: ${res.status}, expected ${status}`);
      }
      for (const url of [`/bills/${billId}`, `/bills/${billId}/pdf`]) {
        const res = await owner.get(url);
        if (res.status !== 404) problems.push(`GET ${url}: ${res.status}, expected 404`);
      }
      expect(problems).toEqual([]);
      expect(await snapshot()).toEqual(before);
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect([bill.status, bill.number, bill.cashier_id]).toEqual(["open", null, cashierId]);
    });
  });
}
