import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Agent,
  CASHIER,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

async function userId(t: TestApp, username: string): Promise<number> {
  const row = await t.database.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function post(agent: Agent, url: string, body: Record<string, unknown>, page = "/staff") {
  const token = await tokenFor(agent, page);
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: token, ...body });
}

for (const dialect of testDialects()) {
  describe(`${dialect}: staff management`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("lists staff for the owner and refuses the cashier", async () => {
      const res = await owner.get("/staff");
      expect(res.status).toBe(200);
      expect(res.text).toContain(OWNER.displayName);
      expect(res.text).toContain(CASHIER.displayName);
      expect((await cashier.get("/staff")).status).toBe(403);
      expect((await request(t.app).get("/staff")).status).toBe(302);
    });

    it("creates a cashier who can log in, and audits it", async () => {
      const res = await post(owner, "/staff", {
        displayName: "Meena K",
        username: "Meena",
        role: "cashier",
        password: "meena-pass-1",
        confirmPassword: "meena-pass-1",
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe("/staff?done=created");
      const list = await owner.get("/staff?done=created");
      expect(list.text).toContain("Account created");
      expect(list.text).toContain("meena");
      const meena = await loginAs(t.app, "meena", "meena-pass-1");
      const dash = await meena.get("/");
      expect(dash.text).toContain("Meena K");
      expect(dash.text).not.toContain('href="/staff"');
      const audit = await t.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "staff.create")
        .execute();
      expect(audit.some((a) => a.detail?.includes("meena"))).toBe(true);
    });

    it("re-renders the form with messages for bad input and a taken username", async () => {
      const bad = await post(owner, "/staff", {
        displayName: "",
        username: "x",
        password: "short",
        confirmPassword: "other",
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Name is required");
      expect(bad.text).toContain("Username needs at least 3 characters");
      const taken = await post(owner, "/staff", {
        displayName: "Another",
        username: CASHIER.username,
        password: "long-enough-1",
        confirmPassword: "long-enough-1",
      });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain("That username is taken");
    });

    it("resets a password: the old one stops working, the new one works", async () => {
      const id = await userId(t, "meena");
      const page = await owner.get(`/staff/${id}`);
      expect(page.status).toBe(200);
      const mismatch = await post(owner, `/staff/${id}/password`, {
        password: "new-pass-123",
        confirmPassword: "nope-nope-1",
      });
      expect(mismatch.status).toBe(400);
      const res = await post(owner, `/staff/${id}/password`, {
        password: "new-pass-123",
        confirmPassword: "new-pass-123",
      });
      expect(res.status).toBe(303);
      await expect(loginAs(t.app, "meena", "meena-pass-1")).rejects.toThrow(/400/);
      await loginAs(t.app, "meena", "new-pass-123");
    });

    it("deactivates a cashier: the live session ends at once and login is refused", async () => {
      const live = await loginAs(t.app, CASHIER.username, CASHIER.password);
      expect((await live.get("/")).status).toBe(200);
      const id = await userId(t, CASHIER.username);
      const page = await owner.get(`/staff/${id}`);
      expect(page.text).toContain("data-confirm=");
      const res = await post(owner, `/staff/${id}/deactivate`, {});
      expect(res.status).toBe(303);
      const after = await live.get("/");
      expect(after.status).toBe(302);
      expect(after.headers.location).toContain("/login");
      await expect(loginAs(t.app, CASHIER.username, CASHIER.password)).rejects.toThrow(/400/);
      const list = await owner.get("/staff");
      expect(list.text).toContain("Deactivated");

      expect((await post(owner, `/staff/${id}/activate`, {})).status).toBe(303);
      await loginAs(t.app, CASHIER.username, CASHIER.password);
      const actions = await t.database.db
        .selectFrom("audit_log")
        .select("action")
        .where("entity_id", "=", String(id))
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(["staff.deactivate", "staff.activate"]),
      );
    });

    it("never deactivates the last owner", async () => {
      const id = await userId(t, OWNER.username);
      const page = await owner.get(`/staff/${id}`);
      expect(page.text).toContain("only active owner account");
      expect(page.text).not.toContain(`/staff/${id}/deactivate`);
      // The server refuses it even when asked directly.
      const res = await post(owner, `/staff/${id}/deactivate`, {});
      expect(res.status).toBe(409);
      expect(res.text).toContain("last active owner");
      const row = await t.database.db
        .selectFrom("users")
        .select("active")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(Number(row.active)).toBe(1);
      expect((await owner.get("/")).status).toBe(200);
    });

    it("with a second owner, an owner can be deactivated (and loses access at once)", async () => {
      const res = await post(owner, "/staff", {
        displayName: "Second Owner",
        username: "owner2",
        role: "owner",
        password: "owner2-pass-1",
        confirmPassword: "owner2-pass-1",
      });
      expect(res.status).toBe(303);
      const owner2 = await loginAs(t.app, "owner2", "owner2-pass-1");
      expect((await owner2.get("/staff")).status).toBe(200);
      const id = await userId(t, "owner2");
      expect((await owner.get(`/staff/${id}`)).text).toContain(`/staff/${id}/deactivate`);
      expect((await post(owner, `/staff/${id}/deactivate`, {})).status).toBe(303);
      expect((await owner2.get("/staff")).status).toBe(302);
    });

    it("answers 404 for an unknown or malformed staff id", async () => {
      expect((await owner.get("/staff/99999")).status).toBe(404);
      expect((await owner.get("/staff/abc")).status).toBe(404);
      expect((await post(owner, "/staff/99999/deactivate", {})).status).toBe(404);
    });

    it("a cashier cannot use the staff actions", async () => {
      const id = await userId(t, "meena");
      // The earlier deactivation ended the first cashier session: log in again.
      cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
      const token = await tokenFor(cashier, "/");
      const res = await cashier.post(`/staff/${id}/deactivate`).type("form").send({ _csrf: token });
      expect(res.status).toBe(403);
    });
  });
}
