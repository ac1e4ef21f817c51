import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { csrfFrom, loginAs, makeApp, OWNER, setupShopVia, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

async function attempt(t: TestApp, username: string, password: string) {
  const agent = request.agent(t.app);
  const page = await agent.get("/login");
  return agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), username, password });
}

async function actions(t: TestApp) {
  const rows = await t.database.db
    .selectFrom("audit_log")
    .select(["action", "username", "ip"])
    .orderBy("id")
    .execute();
  return rows;
}

for (const dialect of testDialects()) {
  describe(`${dialect}: login throttling`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });

    it("locks one username after repeated failures (429, Retry-After), even with the right password", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 3, loginWindowMinutes: 15 });
      await setupShopVia(t.app);
      for (let i = 0; i < 3; i++) {
        expect((await attempt(t, OWNER.username, "wrong-password")).status).toBe(400);
      }
      const locked = await attempt(t, OWNER.username, OWNER.password);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(800);
      expect(Number(locked.headers["retry-after"])).toBeLessThanOrEqual(900);
      expect(locked.text).toMatch(/Try again in 1[45] minute/);
      // Another username is not affected.
      expect((await attempt(t, "someone-else", "whatever-1")).status).toBe(400);
      const log = await actions(t);
      expect(log.filter((a) => a.action === "login.failed" && a.username === "owner")).toHaveLength(
        3,
      );
      const lockout = log.find((a) => a.action === "login.locked");
      expect(lockout).toMatchObject({ username: "owner" });
      expect(lockout?.ip).toBeTruthy();
    });

    it("the lockout is read from audit_log, so a second app instance sees it too", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 2 });
      await setupShopVia(t.app);
      await attempt(t, OWNER.username, "wrong-1");
      await attempt(t, OWNER.username, "wrong-2");
      const other = {
        ...t,
        app: createApp({ database: t.database, config: t.config, logger: createLogger("silent") }),
      };
      expect((await attempt(other, OWNER.username, OWNER.password)).status).toBe(429);
    });

    it("throttles one address across usernames with a readable 429 page", async () => {
      t = await makeApp(dialect, { loginMaxPerAddress: 4, loginMaxFailures: 100 });
      await setupShopVia(t.app);
      // Successful logins do not count against the address.
      for (let i = 0; i < 5; i++) await loginAs(t.app, OWNER.username, OWNER.password);
      for (let i = 0; i < 4; i++) {
        expect((await attempt(t, `guess${i}`, "wrong-password")).status).toBe(400);
      }
      const res = await attempt(t, "guess-next", "wrong-password");
      expect(res.status).toBe(429);
      expect(res.text).toMatch(
        /Too many login attempts from this computer\. Try again in \d+ minute/,
      );
      expect(res.text).toContain("<form"); // the login page, not a bare error
      const retry = Number(res.headers["retry-after"]);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
      // Even the right password waits now: the address is throttled.
      expect((await attempt(t, OWNER.username, OWNER.password)).status).toBe(429);
      const log = await actions(t);
      expect(log.filter((a) => a.action === "login.failed")).toHaveLength(4);
      expect(log.some((a) => a.action === "login.throttled" && a.username === "guess-next")).toBe(
        true,
      );
    });
  });
}
