import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import {
  backupsDir,
  ensureDailyBackup,
  KEEP_DAILY,
  listBackups,
  restoreBackup,
  verifyBackup,
} from "../../src/db/backup.ts";
import { openDatabase } from "../../src/db/database.ts";
import { insertProduct } from "../../src/db/repositories/products.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { createLogger } from "../../src/logger.ts";
import { loginAs, makeApp, OWNER, shopWithStaff, type TestApp } from "../helpers/app.ts";
import { addCustomer } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { freePort } from "../helpers/private-mariadb.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The environment of a shop owner running `npm run restore` on this data directory. */
function cliEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return { ...env, DATA_DIR: dataDir, PORT: String(port) };
}

function product(i: number) {
  const now = nowUtc();
  return {
    code: `BK${String(i).padStart(6, "0")}`,
    name: `Backup test item ${i}`,
    category: "Test",
    price: 1000 + i,
    gst_rate: 500,
    hsn: "1006",
    unit: "pc" as const,
    stock: 10,
    low_stock_level: 1,
    active: 1 as const,
    created_at: now,
    updated_at: now,
  };
}

describe("sqlite: backups", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp("sqlite");
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("downloads a consistent online backup while writes go on, and restores it", async () => {
    const { owner } = await shopWithStaff(t);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await t.database.db.transaction().execute(async (trx) => {
          await insertProduct(trx, product(written));
        });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const res = await owner
      .get("/backups/download")
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    writing = false;
    await writer;
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toContain("shop-backup-");
    const file = path.join(t.dataDir, "downloaded.sqlite");
    writeFileSync(file, res.body as Buffer);
    expect(verifyBackup(file)).toEqual({ ok: true });

    const copy = new SQLite(file, { readonly: true });
    const inBackup = (copy.prepare("select count(*) n from products").get() as { n: number }).n;
    const owners = (copy.prepare("select count(*) n from users").get() as { n: number }).n;
    copy.close();
    expect(inBackup).toBeGreaterThan(0);
    expect(inBackup).toBeLessThanOrEqual(written);
    expect(owners).toBe(2);
    // The temporary download file is removed after sending.
    expect(listBackups(t.dataDir).filter((b) => b.name.startsWith("download-"))).toHaveLength(0);

    // Restore into a fresh location and read the same rows back through the app's own layer.
    const target = path.join(t.dataDir, "restored", "shop.sqlite");
    await restoreBackup(file, target);
    const restored = openDatabase({ dialect: "sqlite", file: target });
    const rows = await restored.db.selectFrom("products").select("code").execute();
    await restored.close();
    expect(rows).toHaveLength(inBackup);
  });

  it("refuses a file that is not a backup of this app", async () => {
    const bogus = path.join(t.dataDir, "bogus.sqlite");
    writeFileSync(bogus, "not a database at all");
    expect(verifyBackup(bogus).ok).toBe(false);
    await expect(restoreBackup(bogus, path.join(t.dataDir, "x.sqlite"))).rejects.toThrow(
      /Not a readable/,
    );
  });

  it("makes one automatic backup a day and keeps the last 14", async () => {
    const start = new Date("2026-01-01T10:00:00Z");
    for (let d = 0; d < KEEP_DAILY + 5; d++) {
      const day = new Date(start.getTime() + d * 86_400_000);
      await ensureDailyBackup(t.database, t.dataDir, day);
      // A second run the same day makes nothing new.
      expect(await ensureDailyBackup(t.database, t.dataDir, day)).toBeNull();
    }
    const autos = listBackups(t.dataDir).filter((b) => b.name.startsWith("auto-"));
    expect(autos).toHaveLength(KEEP_DAILY);
    expect(autos[0]?.name).toBe("auto-2026-01-19.sqlite");
    expect(autos.at(-1)?.name).toBe("auto-2026-01-06.sqlite");
    expect(existsSync(path.join(backupsDir(t.dataDir), "auto-2026-01-01.sqlite"))).toBe(false);
  });

  it("is owner-only", async () => {
    const other = await makeApp("sqlite");
    try {
      const { cashier } = await shopWithStaff(other);
      expect((await cashier.get("/backups")).status).toBe(403);
      expect((await cashier.get("/backups/download")).status).toBe(403);
    } finally {
      await other.cleanup();
    }
  });
});

for (const dialect of testDialects().filter((d) => d === "mysql")) {
  describe(`${dialect}: backups page`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
    });
    afterAll(async () => {
      await t.cleanup();
    });
    it("explains mysqldump instead of offering a SQLite download", async () => {
      const { owner } = await shopWithStaff(t);
      const page = await owner.get("/backups");
      expect(page.status).toBe(200);
      expect(page.text).toContain("mysqldump");
      const dl = await owner.get("/backups/download");
      expect(dl.status).toBe(400);
    });
  });
}

describe("sqlite: restore with `npm run restore` brings back the same bills and figures", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp("sqlite");
  });
  afterAll(async () => {
    await t.cleanup().catch(() => {});
  });

  /** What the owner sees: each bill's page and the bills list, minus the per-session token. */
  async function shown(app: TestApp["app"]): Promise<string[]> {
    const owner = await loginAs(app, OWNER.username, OWNER.password);
    const strip = (html: string) =>
      html
        .replace(/name="csrf-token" content="[^"]+"/g, "")
        .replace(/name="_csrf" value="[^"]+"/g, "");
    const list = await owner.get("/bills");
    const ids = [...list.text.matchAll(/href="\/bills\/(\d+)"/g)].map((m) => m[1]);
    const pages = [strip(list.text)];
    for (const id of [...new Set(ids)].sort())
      pages.push(strip((await owner.get(`/bills/${id}`)).text));
    return pages;
  }

  it("restores a downloaded backup over a changed database; the app shows what it showed then", async () => {
    const { owner, cashier } = await shopWithStaff(t);
    const db = t.database.db;
    for (const [i, code] of ["RST-1", "RST-2"].entries())
      await seedProduct(db, { code, name: `Restore item ${i}`, price: 2500 + i * 1000, stock: 50 });
    const customer = await addCustomer(db, "Restore Customer", "+919812300001");
    const sell = async (codes: string[], customerId: number | null) => {
      const token = await tillToken(cashier);
      let res = await tillPost(cashier, token, "/till/scan", { code: codes[0] });
      for (const code of codes.slice(1))
        res = await tillPost(cashier, token, "/till/scan", { code });
      if (customerId)
        await tillPost(cashier, token, "/till/customer", { customerId: String(customerId) });
      const done = await tillPost(cashier, token, "/till/complete", {
        billId: String(billIdFrom(res.text)),
        mode: "cash",
      });
      expect(done.text).toMatch(/Bill \S+ complete/);
    };
    await sell(["RST-1", "RST-2", "RST-1"], customer);
    await sell(["RST-2"], null);
    await sell(["RST-1"], customer);
    const before = await shown(t.app);
    expect(before.length).toBe(4); // the list and three bills
    const stats = await db.selectFrom("customer_stats").selectAll().execute();

    const res = await owner
      .get("/backups/download")
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const file = path.join(t.dataDir, "from-the-owner.sqlite");
    writeFileSync(file, res.body as Buffer);
    // Life goes on after the backup: two more bills, then the app is closed.
    await sell(["RST-2", "RST-2"], customer);
    await sell(["RST-1"], null);
    expect((await shown(t.app)).length).toBe(6);
    await t.database.close();

    const port = await freePort();
    const cli = spawnSync("npm", ["run", "--silent", "restore", "--", file], {
      cwd: root,
      env: cliEnv(t.dataDir, port),
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain("Restored");

    const restored = openDatabase(t.target);
    try {
      const app = createApp({
        database: restored,
        config: t.config,
        logger: createLogger("silent"),
      });
      expect(await shown(app)).toEqual(before);
      expect(await restored.db.selectFrom("customer_stats").selectAll().execute()).toEqual(stats);
      expect((await checkLedger(restored.db)).problems).toEqual([]);
    } finally {
      await restored.close();
    }
    t.database = openDatabase(t.target); // for cleanup
  });

  it("the CLI refuses a file that is not a backup, and leaves the database alone", async () => {
    const bogus = path.join(t.dataDir, "not-a-backup.sqlite");
    writeFileSync(bogus, "hello");
    const cli = spawnSync("npm", ["run", "--silent", "restore", "--", bogus], {
      cwd: root,
      env: cliEnv(t.dataDir, await freePort()),
      encoding: "utf8",
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/Restore failed: Not a readable/);
    expect(verifyBackup(t.target.dialect === "sqlite" ? t.target.file : "").ok).toBe(true);
  });
});
