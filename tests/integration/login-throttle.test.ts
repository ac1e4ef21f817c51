import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { csrfFrom, loginAs, makeApp, OWNER, setupShopVia, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** One browser: its cookies (client id, login CSRF token) kept between requests. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private app: TestApp["app"]) {}

  /** The same browser talking to another app instance (same database). */
  on(app: TestApp["app"]): Browser {
    const other = new Browser(app);
    other.cookies = new Map(this.cookies);
    return other;
  }

  private keep(res: request.Response) {
    const set = res.headers["set-cookie"] as unknown as string[] | undefined;
    for (const c of set ?? []) {
      const [pair] = c.split(";");
      const i = (pair ?? "").indexOf("=");
      if (i > 0) this.cookies.set((pair as string).slice(0, i), (pair as string).slice(i + 1));
    }
    return res;
  }

  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async login(username: string, password: string) {
    const page = this.keep(await request(this.app).get("/login").set("Cookie", this.cookie));
    const res = await request(this.app)
      .post("/login")
      .set("Cookie", this.cookie)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), username, password });
    return this.keep(res);
  }
}

/** A fresh browser each time (a guesser that throws its cookies away). */
async function attempt(t: TestApp, username: string, password: string) {
  return new Browser(t.app).login(username, password);
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

    it("five wrong passwords from one browser do not lock the owner out of another browser or till", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 5, loginWindowMinutes: 15 });
      await setupShopVia(t.app);
      const guesser = new Browser(t.app);
      for (let i = 0; i < 5; i++) {
        expect((await guesser.login(OWNER.username, `wrong-${i}`)).status).toBe(400);
      }
      // The guessing browser waits, even with the right password…
      const locked = await guesser.login(OWNER.username, OWNER.password);
      expect(locked.status).toBe(429);
      expect(locked.text).toMatch(/Too many failed attempts\. Try again in \d+ seconds/);
      // …but another browser on the same computer, and another till, log the owner in.
      expect((await new Browser(t.app).login(OWNER.username, OWNER.password)).status).toBe(302);
      expect((await attempt(t, OWNER.username, OWNER.password)).status).toBe(302);
      const log = await actions(t);
      expect(log.filter((a) => a.action === "login.failed" && a.username === "owner")).toHaveLength(
        5,
      );
      const lockout = log.find((a) => a.action === "login.locked");
      expect(lockout).toMatchObject({ username: "owner" });
      expect(lockout?.ip).toBeTruthy();
    });

    it("the guesser waits longer after each further failure; a success clears its count", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 3, loginWindowMinutes: 15 });
      await setupShopVia(t.app);
      const guesser = new Browser(t.app);
      for (let i = 0; i < 3; i++) await guesser.login(OWNER.username, "wrong-password");
      const waits: number[] = [];
      for (let round = 0; round < 6; round++) {
        const res = await guesser.login(OWNER.username, "wrong-password");
        expect(res.status).toBe(429);
        waits.push(Number(res.headers["retry-after"]));
        // Let the wait pass (as if the guesser waited), then guess wrong once more.
        await t.database.db
          .updateTable("login_throttle")
          .set({ locked_until: "2000-01-01 00:00:00" })
          .execute();
        expect((await guesser.login(OWNER.username, "wrong-password")).status).toBe(400);
      }
      expect(waits[0]).toBeGreaterThan(20);
      expect(waits[0]).toBeLessThanOrEqual(30);
      for (let i = 1; i < waits.length; i++)
        expect(waits[i] as number).toBeGreaterThanOrEqual(waits[i - 1] as number);
      expect(waits.at(-1)).toBeGreaterThan(600);
      expect(waits.at(-1)).toBeLessThanOrEqual(15 * 60);
      await t.database.db
        .updateTable("login_throttle")
        .set({ locked_until: "2000-01-01 00:00:00" })
        .execute();
      expect((await guesser.login(OWNER.username, OWNER.password)).status).toBe(302);
      const rows = await t.database.db.selectFrom("login_throttle").selectAll().execute();
      expect(rows).toHaveLength(0);
    });

    it("the throttle is kept in the database, so a second app instance sees it too", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 2 });
      await setupShopVia(t.app);
      const guesser = new Browser(t.app);
      await guesser.login(OWNER.username, "wrong-1");
      await guesser.login(OWNER.username, "wrong-2");
      const other = createApp({
        database: t.database,
        config: t.config,
        logger: createLogger("silent"),
      });
      expect((await guesser.on(other).login(OWNER.username, OWNER.password)).status).toBe(429);
      expect((await new Browser(other).login(OWNER.username, OWNER.password)).status).toBe(302);
    });

    it("npm run staff:reset-password sets a new password, ends sessions and clears the throttle", async () => {
      t = await makeApp(dialect, { loginMaxFailures: 2 });
      const owner = await setupShopVia(t.app);
      expect((await owner.get("/")).status).toBe(200);
      const guesser = new Browser(t.app);
      await guesser.login(OWNER.username, "wrong-1");
      await guesser.login(OWNER.username, "wrong-2");
      expect((await guesser.login(OWNER.username, OWNER.password)).status).toBe(429);
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const run = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/staff-reset-password.ts", "OWNER"],
        {
          cwd: root,
          encoding: "utf8",
          env: {
            ...env,
            DATA_DIR: t.dataDir,
            DATABASE_URL: t.target.dialect === "sqlite" ? `sqlite:${t.target.file}` : t.target.url,
          },
        },
      );
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const password = run.stdout.match(/New password for owner: (\S+)/)?.[1];
      expect(password).toBeTruthy();
      // The owner's old session is gone, the old password no longer works, the new one does,
      // even from the browser that was throttled.
      expect((await owner.get("/")).status).toBe(302);
      expect((await new Browser(t.app).login(OWNER.username, OWNER.password)).status).toBe(400);
      expect((await guesser.login(OWNER.username, password as string)).status).toBe(302);
      const log = await actions(t);
      expect(log.some((a) => a.action === "staff.reset_password" && a.username === "console")).toBe(
        true,
      );
      // An unknown user: a clear message and a non-zero exit.
      const unknown = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/staff-reset-password.ts", "nobody"],
        {
          cwd: root,
          encoding: "utf8",
          env: {
            ...env,
            DATA_DIR: t.dataDir,
            DATABASE_URL: t.target.dialect === "sqlite" ? `sqlite:${t.target.file}` : t.target.url,
          },
        },
      );
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("No staff member with the username nobody");
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
