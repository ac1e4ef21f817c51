import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { type AppDatabase, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { createStaff } from "../../src/services/shop/staff.ts";
import { type Agent, CASHIER, loginAs, setupShopVia, testConfig } from "../helpers/app.ts";
import { createTestTarget } from "../helpers/db.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

// Statements per till request on SQLite, through the real HTTP routes, read
// from GET /__bench/statements. Every request reads the cache generation
// (1 statement); the session row and the shop's settings come from the
// process's caches (db/cache-generation.ts). Printed for the record; the
// bounds keep them from creeping back up. Before #17: scan 16, change 7,
// complete (10 lines) 93; before #18: 12, 5, 80.
// scan 8, as the till sends it (its #till-shown): generation, begin, product, open bill,
// claim, bill, insert, commit; the lines are the ones this process remembered at the bill's
// previous revision (services/till/open-lines.ts). A scan from a page that did not show the
// bill as it is (no #till-shown) redraws the region with every line's stock read afresh: 10.
// complete10 22: generation, bill, counter check (+ its insert the first time), then in the
// transaction claim, bill, lines, number (2), stock (1 update for all products), movements,
// line figures, bill, sales day (+ its insert the first time), product day and all-time
// rollups (1 upsert each); after the commit: printer set up?, open bill, held bills.
const LIMITS = { scan: 8, scanRedraw: 10, change: 3, complete10: 20 };
const shownIn = (html: string) =>
  html.match(/id="till-shown" name="shown" value="([^"]*)"/)?.[1] ?? "";

describe("sqlite: statements per till request", () => {
  let database: AppDatabase;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let cashier: Agent;
  let token: string;

  const total = async () =>
    ((await request(app).get("/__bench/statements")).body as { total: number }).total;
  async function counted(send: () => Promise<request.Response>) {
    const before = await total();
    const res = await send();
    expect(res.status).toBe(200);
    return { res, statements: (await total()) - before };
  }

  beforeAll(async () => {
    const made = await createTestTarget("sqlite");
    database = openDatabase(made.target, { countStatements: true });
    drop = async () => {
      await database.close();
      await made.drop();
    };
    await migrateToLatest(database.db);
    const config = testConfig({
      database: made.target,
      dataDir: made.dataDir,
      countStatements: true,
    });
    app = createApp({ database, config, logger: createLogger("silent") });
    await setupShopVia(app);
    await createStaff(
      database.db,
      { userId: null, username: "test" },
      { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
    );
    for (let i = 1; i <= 21; i++) {
      await seedProduct(database.db, {
        code: `P-${i}`,
        name: `Product ${i}`,
        price: 1000 + i,
        stock: 900,
      });
    }
    cashier = await loginAs(app, CASHIER.username, CASHIER.password);
    token = await tillToken(cashier);
  });

  afterAll(async () => {
    await drop?.();
  });

  it("counts a scan onto a 20-line bill, a change-due request and a 10-line completion", async () => {
    let shown = "";
    for (let i = 1; i <= 20; i++)
      shown = shownIn(
        (await tillPost(cashier, token, "/till/scan", { code: `P-${i}`, shown })).text,
      );
    const scan = await counted(() =>
      tillPost(cashier, token, "/till/scan", { code: "P-21", shown }),
    );
    expect(scan.res.text).toContain("Added");
    expect(scan.res.text).not.toContain('hx-target="#till-lines" hx-swap="innerHTML"');
    const redraw = await counted(() => tillPost(cashier, token, "/till/scan", { code: "P-21" }));
    expect(redraw.res.text).toContain('hx-target="#till-lines" hx-swap="innerHTML"');

    await tillPost(cashier, token, "/till/clear");
    let last = scan.res;
    for (let i = 1; i <= 10; i++)
      last = await tillPost(cashier, token, "/till/scan", { code: `P-${i}` });
    const billId = billIdFrom(last.text);
    const change = await counted(() =>
      cashier
        .get("/till/change")
        .set("HX-Request", "true")
        .query({ mode: "cash", tendered: "500" }),
    );
    expect(change.res.text).toMatch(/₹|Change|change/);
    const complete = await counted(() =>
      tillPost(cashier, token, "/till/complete", { billId: String(billId), mode: "cash" }),
    );
    expect(complete.res.text).toMatch(/Bill \S+ complete/);

    const figures = {
      scan: scan.statements,
      scanRedraw: redraw.statements,
      change: change.statements,
      complete10: complete.statements,
    };
    console.log(`statements per request (sqlite): ${JSON.stringify(figures)}`);
    expect(figures.scan).toBeLessThanOrEqual(LIMITS.scan);
    expect(figures.scanRedraw).toBeLessThanOrEqual(LIMITS.scanRedraw);
    expect(figures.change).toBeLessThanOrEqual(LIMITS.change);
    expect(figures.complete10).toBeLessThanOrEqual(LIMITS.complete10);
  });
});
