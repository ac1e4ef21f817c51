import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CASHIER,
  loginAs,
  makeApp,
  OWNER,
  setupShopVia,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`${dialect}: first run, setup and login`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("healthz identifies the app and its dialect", async () => {
      const res = await request(t.app).get("/healthz");
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ app: "smart-retail-qr-billing", dialect, database: "ok" });
    });

    it("sends every page to setup before the shop exists", async () => {
      const res = await request(t.app).get("/login");
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe("/setup");
    });

    it("rejects a setup with mismatched passwords and writes nothing", async () => {
      const agent = request.agent(t.app);
      const token = await tokenFor(agent, "/setup");
      const res = await agent.post("/setup").type("form").send({
        _csrf: token,
        shopName: "X",
        displayName: "Y",
        username: "owner",
        password: "long-enough-1",
        confirmPassword: "different-1",
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain("The passwords do not match");
      const users = await t.database.db.selectFrom("users").selectAll().execute();
      expect(users).toHaveLength(0);
    });

    it("sets up once, logs the owner in, and refuses a second setup", async () => {
      const owner = await setupShopVia(t.app, "<script>alert(1)</script> Stores");
      const dash = await owner.get("/");
      expect(dash.status).toBe(200);
      expect(dash.text).toContain(OWNER.displayName);
      expect(dash.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Stores");
      expect(dash.text).not.toContain("<script>alert(1)</script>");

      const again = request.agent(t.app);
      const page = await again.get("/setup");
      expect(page.status).toBe(302);
      const token = await tokenFor(again, "/login");
      const res = await again.post("/setup").type("form").send({
        _csrf: token,
        shopName: "Second",
        displayName: "Z",
        username: "other",
        password: "long-enough-1",
        confirmPassword: "long-enough-1",
      });
      expect(res.status).toBe(409);
      const users = await t.database.db.selectFrom("users").select("username").execute();
      expect(users.map((u) => u.username)).toEqual([OWNER.username]);
    });

    it("refuses a POST without a CSRF token with 403", async () => {
      const res = await request(t.app)
        .post("/login")
        .type("form")
        .send({ username: "a", password: "b" });
      expect(res.status).toBe(403);
    });

    it("logs in, regenerates the session id, and logs out", async () => {
      const agent = request.agent(t.app);
      const token = await tokenFor(agent, "/login");
      const res = await agent
        .post("/login")
        .type("form")
        .send({ _csrf: token, username: OWNER.username, password: OWNER.password });
      expect(res.status).toBe(302);
      const dash = await agent.get("/");
      expect(dash.status).toBe(200);
      const logout = await agent
        .post("/logout")
        .type("form")
        .send({ _csrf: await tokenFor(agent, "/") });
      expect(logout.status).toBe(302);
      const after = await agent.get("/");
      expect(after.status).toBe(302);
      expect(after.headers.location).toContain("/login");
    });

    it("rejects a wrong password with a message", async () => {
      await expect(loginAs(t.app, OWNER.username, "wrong-password")).rejects.toThrow(/400/);
      await expect(loginAs(t.app, CASHIER.username, "whatever-pass")).rejects.toThrow(/400/);
    });
  });
}
