import { Writable } from "node:stream";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app.ts";
import { openDatabase } from "../../src/db/database.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { setStaffActive } from "../../src/services/shop/staff.ts";
import {
  CASHIER,
  csrfFrom,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

/** The srqb.sid cookie ("srqb.sid=…") from a response, or undefined. */
function sidCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers["set-cookie"];
  const list = Array.isArray(raw) ? (raw as string[]) : raw ? [String(raw)] : [];
  return list.find((c) => c.startsWith("srqb.sid="));
}

/** The session id inside a signed cookie: "srqb.sid=s%3A<sid>.<signature>; …" → sid. */
function sidOf(cookie: string): string {
  const value = decodeURIComponent(cookie.split(";")[0]?.split("=")[1] ?? "");
  return value.slice(2, value.lastIndexOf("."));
}

/** The "name=value" pairs of every cookie a response sets. */
function cookiePairs(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers["set-cookie"];
  const list = Array.isArray(raw) ? (raw as string[]) : raw ? [String(raw)] : [];
  return list.map((c) => c.split(";")[0] as string);
}

/**
 * Logs in without an agent (sending `pre`, a session cookie the browser
 * already had, when given) and returns the post-login session cookie.
 */
async function loginCookie(app: TestApp["app"], username: string, password: string, pre?: string) {
  const page = await request(app)
    .get("/login")
    .set("Cookie", pre ? (pre.split(";")[0] as string) : "");
  // An anonymous visit gets no session (and so no session row): only the login form's cookies.
  expect(sidCookie(page)).toBeUndefined();
  const jar = [...cookiePairs(page), ...(pre ? [pre.split(";")[0] as string] : [])];
  const res = await request(app)
    .post("/login")
    .set("Cookie", jar.join("; "))
    .type("form")
    .send({ _csrf: csrfFrom(page.text), username, password });
  expect(res.status).toBe(302);
  const post = sidCookie(res);
  if (!post) throw new Error("no post-login cookie");
  return { post, header: post.split(";")[0] as string };
}

async function sessionRows(t: TestApp, sid: string) {
  return t.database.db.selectFrom("sessions").selectAll().where("sid", "=", sid).execute();
}

for (const dialect of testDialects()) {
  describe(`${dialect}: security`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
      await shopWithStaff(t);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("sets an httpOnly, SameSite=Lax cookie", async () => {
      const { post } = await loginCookie(t.app, OWNER.username, OWNER.password);
      expect(post).toMatch(/;\s*HttpOnly/i);
      expect(post).toMatch(/;\s*SameSite=Lax/i);
      expect(post).toMatch(/;\s*Path=\//i);
    });

    it("keeps the session across an app restart (second createApp, same database and secret)", async () => {
      const { header } = await loginCookie(t.app, OWNER.username, OWNER.password);
      const database2 = openDatabase(t.target);
      try {
        const app2 = createApp({
          database: database2,
          config: t.config,
          logger: pino({ level: "silent" }),
        });
        const res = await request(app2).get("/").set("Cookie", header);
        expect(res.status).toBe(200);
        expect(res.text).toContain(OWNER.displayName);
        // A different secret cannot read it: the signature no longer matches.
        const other = createApp({
          database: database2,
          config: { ...t.config, sessionSecret: "another-secret-another-secret" },
          logger: pino({ level: "silent" }),
        });
        expect((await request(other).get("/").set("Cookie", header)).status).toBe(302);
      } finally {
        await database2.close();
      }
    });

    it("gives a new session id at login; the id the browser had before does not authenticate", async () => {
      // A session id planted in the browser (here: a real one of the cashier's, logged out since).
      const { post: pre, header: cashier } = await loginCookie(
        t.app,
        CASHIER.username,
        CASHIER.password,
      );
      const token = csrfFrom((await request(t.app).get("/").set("Cookie", cashier)).text);
      await request(t.app)
        .post("/logout")
        .set("Cookie", cashier)
        .type("form")
        .send({ _csrf: token })
        .expect(302);
      const { post, header } = await loginCookie(t.app, OWNER.username, OWNER.password, pre);
      expect(sidOf(pre)).not.toBe(sidOf(post));
      expect(await sessionRows(t, sidOf(pre))).toHaveLength(0);
      const old = await request(t.app)
        .get("/")
        .set("Cookie", pre.split(";")[0] as string);
      expect(old.status).toBe(302);
      expect(old.headers.location).toContain("/login");
      expect((await request(t.app).get("/").set("Cookie", header)).status).toBe(200);
    });

    it("ends a session after the idle timeout", async () => {
      const { post, header } = await loginCookie(t.app, OWNER.username, OWNER.password);
      expect((await request(t.app).get("/").set("Cookie", header)).status).toBe(200);
      const [row] = await sessionRows(t, sidOf(post));
      const idleMs = t.config.sessionIdleMinutes * 60_000;
      expect(Number(row?.expires)).toBeGreaterThan(Date.now() + idleMs - 120_000);
      // The idle time passes: the clock moves past the stored expiry (the process's cached
      // copy of the row has the same expiry and must refuse it too).
      vi.useFakeTimers({ toFake: ["Date"], now: Number(row?.expires) + 1000 });
      try {
        const res = await request(t.app).get("/").set("Cookie", header);
        expect(res.status).toBe(302);
        expect(res.headers.location).toContain("/login");
      } finally {
        vi.useRealTimers();
      }
    });

    it("logout deletes the session row", async () => {
      const { post, header } = await loginCookie(t.app, OWNER.username, OWNER.password);
      expect(await sessionRows(t, sidOf(post))).toHaveLength(1);
      const page = await request(t.app).get("/").set("Cookie", header);
      const res = await request(t.app)
        .post("/logout")
        .set("Cookie", header)
        .type("form")
        .send({ _csrf: csrfFrom(page.text) });
      expect(res.status).toBe(302);
      expect(await sessionRows(t, sidOf(post))).toHaveLength(0);
      expect((await request(t.app).get("/").set("Cookie", header)).status).toBe(302);
    });

    it("deactivating a user ends their live session at once", async () => {
      const { header } = await loginCookie(t.app, CASHIER.username, CASHIER.password);
      expect((await request(t.app).get("/").set("Cookie", header)).status).toBe(200);
      const user = await t.database.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", CASHIER.username)
        .executeTakeFirstOrThrow();
      await setStaffActive(t.database.db, { userId: null, username: "test" }, user.id, false);
      const res = await request(t.app).get("/").set("Cookie", header);
      expect(res.status).toBe(302);
      await setStaffActive(t.database.db, { userId: null, username: "test" }, user.id, true);
    });

    it("sends helmet headers with a CSP that allows no inline script", async () => {
      const res = await request(t.app).get("/login");
      const csp = String(res.headers["content-security-policy"]);
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      const defaultSrc = csp.split(";").find((d) => d.trim().startsWith("default-src")) ?? "";
      expect(defaultSrc).toContain("'self'");
      expect(scriptSrc).toContain("'self'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp).toMatch(/script-src-attr 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'self'/);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["x-powered-by"]).toBeUndefined();
    });

    it("no page carries an inline script or inline event handler", async () => {
      const owner = await loginAs(t.app, OWNER.username, OWNER.password);
      for (const path of ["/", "/staff", "/settings"]) {
        const html = (await owner.get(path)).text;
        for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
        expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      }
    });

    it("escapes a <script> shop name", async () => {
      await updateSettings(t.database.db, { name: '<script>alert("pwned")</script>' });
      const res = await request(t.app).get("/login");
      expect(res.text).not.toContain('<script>alert("pwned")</script>');
      expect(res.text).toContain("&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;");
    });

    it("answers unknown routes with a 404 page", async () => {
      const anon = await request(t.app).get("/no/such/page");
      expect(anon.status).toBe(404);
      expect(anon.text).toContain("Page not found");
      const owner = await loginAs(t.app, OWNER.username, OWNER.password);
      const res = await owner.get("/nothing-here");
      expect(res.status).toBe(404);
      expect(res.text).toContain("There is no page at this address");
      const htmx = await owner.get("/nothing-here").set("HX-Request", "true");
      expect(htmx.status).toBe(404);
      expect(htmx.text).not.toContain("<html");
    });

    it("answers a malformed JSON body with 400, not 500", async () => {
      const agent = request.agent(t.app);
      const token = await tokenFor(agent, "/login");
      const res = await agent
        .post("/login")
        .set("Content-Type", "application/json")
        .set("X-CSRF-Token", token)
        .send('{"username": "owner", ');
      expect(res.status).toBe(400);
      expect(res.text).toContain("could not be read");
      expect(res.text).not.toMatch(/SyntaxError|at .*\.js:\d+/);
    });

    it("a server error shows a friendly page and logs a line, without a stack trace", async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const database2 = openDatabase(t.target);
      const app2 = createApp({
        database: database2,
        config: t.config,
        logger: pino({ level: "error" }, sink),
      });
      const { header } = await loginCookie(app2, OWNER.username, OWNER.password);
      await database2.close();
      const res = await request(app2).get("/").set("Cookie", header);
      expect([500, 503]).toContain(res.status);
      expect(res.text).toContain("<h1>");
      expect(res.text).not.toMatch(/Error:|\bat \S+ \(|node_modules|\.ts:\d+/);
      expect(lines.join("")).toContain("request failed");
      const htmx = await request(app2).get("/").set("Cookie", header).set("HX-Request", "true");
      expect([500, 503]).toContain(htmx.status);
      expect(htmx.text).not.toMatch(/Error:|\bat \S+ \(/);
    });
  });
}
