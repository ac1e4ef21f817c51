import { statSync } from "node:fs";
import { get as httpsGet } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupsDir, ensureDailyBackup, listBackups } from "../../src/db/backup.ts";
import { openDatabase } from "../../src/db/database.ts";
import { ensureLanCertificate } from "../../src/lan-certificate.ts";
import { createLanServer } from "../../src/lan-server.ts";
import {
  type Agent,
  CASHIER,
  csrfFrom,
  makeApp,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

/** Reads a download to the end as bytes. */
function download(agent: Agent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
}

describe("sqlite: backup downloads and file modes", () => {
  let t: TestApp;
  let owner: Agent;
  beforeAll(async () => {
    t = await makeApp("sqlite");
    ({ owner } = await shopWithStaff(t));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("six parallel downloads each get their own file, all complete, nothing is left behind", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => download(owner, "/backups/download").timeout(20_000)),
    );
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect((res.body as Buffer).subarray(0, 15).toString()).toBe("SQLite format 3");
    }
    expect(listBackups(t.dataDir).filter((b) => b.name.startsWith("download-"))).toHaveLength(0);
  });

  it("creates the database and its backups readable by the owner only (0600)", async () => {
    if (process.platform === "win32") return;
    expect(t.target.dialect).toBe("sqlite");
    const file = t.target.dialect === "sqlite" ? t.target.file : "";
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const made = await ensureDailyBackup(t.database, t.dataDir, new Date("2026-03-01T10:00:00Z"));
    expect(made).toBeTruthy();
    expect(statSync(made as string).mode & 0o777).toBe(0o600);
    expect(statSync(backupsDir(t.dataDir)).mode & 0o077).toBe(0);
    // A file made by an older version with 0644 is tightened when the app opens it.
    const old = path.join(t.dataDir, "old.sqlite");
    const first = openDatabase({ dialect: "sqlite", file: old });
    await first.close();
    (await import("node:fs")).chmodSync(old, 0o644);
    const again = openDatabase({ dialect: "sqlite", file: old });
    await again.close();
    expect(statSync(old).mode & 0o777).toBe(0o600);
  });
});

for (const dialect of testDialects()) {
  describe(`${dialect}: caching and dates`, () => {
    let t: TestApp;
    let owner: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner } = await shopWithStaff(t));
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("anonymous visitors write no session rows; the login form still needs its CSRF token", async () => {
      const rows = async () =>
        Number(
          (
            await t.database.db
              .selectFrom("sessions")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await rows();
      for (let i = 0; i < 100; i++) {
        expect((await request(t.app).get("/login")).status).toBe(200);
        expect((await request(t.app).get("/")).status).toBe(302);
      }
      expect(await rows()).toBe(before);
      // A token from the page works only with the cookie that came with it.
      const a = request.agent(t.app);
      const b = request.agent(t.app);
      const tokenA = csrfFrom((await a.get("/login")).text);
      await b.get("/login");
      const creds = { username: CASHIER.username, password: CASHIER.password };
      expect(
        (
          await b
            .post("/login")
            .type("form")
            .send({ ...creds, _csrf: tokenA })
        ).status,
      ).toBe(403);
      expect((await a.post("/login").type("form").send(creds)).status).toBe(403);
      expect(
        (
          await request(t.app)
            .post("/login")
            .type("form")
            .send({ ...creds, _csrf: tokenA })
        ).status,
      ).toBe(403);
      expect(await rows()).toBe(before);
      const ok = await a
        .post("/login")
        .type("form")
        .send({ ...creds, _csrf: tokenA });
      expect(ok.status).toBe(302);
      expect(await rows()).toBe(before + 1);
      // Logged in, the page's token is the session's: it works for htmx posts and logout.
      const token = csrfFrom((await a.get("/")).text);
      expect((await a.post("/logout").type("form").send({ _csrf: token })).status).toBe(302);
      expect(await rows()).toBe(before);
    });

    it("pages, fragments and files for a logged-in user say Cache-Control: no-store", async () => {
      for (const url of ["/", "/customers", "/bills", "/analytics", "/products", "/till"]) {
        const res = await owner.get(url);
        expect(res.status, url).toBe(200);
        expect(res.headers["cache-control"], url).toBe("no-store");
      }
      const fragment = await owner.get("/products/low-stock").set("HX-Request", "true");
      expect(fragment.headers["cache-control"]).toBe("no-store");
      // Static files stay cacheable; the public login page has nothing private.
      const css = await request(t.app).get("/static/css/app.css");
      expect(css.headers["cache-control"]).not.toBe("no-store");
    });

    it("answers out-of-range analytics dates with a 400 and a message, not a 500", async () => {
      for (const [from, to] of [
        ["9999-12-31", "9999-12-31"],
        ["2026-01-01", "9999-12-31"],
        ["0001-01-01", "0001-01-02"],
        ["0050-01-01", "0050-01-02"],
      ]) {
        const res = await owner.get(`/analytics?range=custom&from=${from}&to=${to}`);
        expect(res.status, `${from}..${to}`).toBe(400);
        expect(res.text).toMatch(/Enter (a start|an end) date like/);
      }
      for (const date of ["9999-12-31", "0001-01-01", "0099-06-30", "3000-01-01"]) {
        const res = await owner.get(`/analytics/end-of-day?date=${date}`);
        expect(res.status, date).toBe(400);
        expect(res.text).toContain("Enter a date like 2026-11-25");
      }
      const csv = await owner.get(
        "/analytics/export.csv?range=custom&from=2026-01-01&to=9999-12-31&list=all",
      );
      expect(csv.status).toBe(400);
      // The edges of the accepted span still work.
      expect((await owner.get("/analytics/end-of-day?date=2999-12-31")).status).toBe(200);
    });
  });
}

describe("LAN HTTPS: Strict-Transport-Security on https only", () => {
  it("sends HSTS over https and not over the local plain-http connection", async () => {
    const t = await makeApp("sqlite", { lan: true });
    const cert = await ensureLanCertificate(t.dataDir);
    const lan = createLanServer(t.app, cert);
    await new Promise<void>((resolve) => lan.front.listen(0, "127.0.0.1", resolve));
    const port = (lan.front.address() as AddressInfo).port;
    try {
      const secure = await new Promise<Record<string, unknown>>((resolve, reject) => {
        httpsGet(
          `https://127.0.0.1:${port}/login`,
          { rejectUnauthorized: false, headers: { host: `shop-pc.lan:${port}` } },
          (res) => {
            res.resume();
            resolve(res.headers);
          },
        ).on("error", reject);
      });
      expect(secure["strict-transport-security"]).toBe("max-age=31536000");
      const plain = await fetch(`http://127.0.0.1:${port}/login`);
      expect(plain.status).toBe(200);
      expect(plain.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await new Promise((r) => lan.front.close(r));
      for (const s of lan.inner) s.closeAllConnections();
      await t.cleanup();
    }
  });
});
