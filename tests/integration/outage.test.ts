import { existsSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server.ts";
import { tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { MARIADBD, PrivateMariaDb } from "../helpers/private-mariadb.ts";

// Runs with the MySQL suite; needs the MariaDB server binary (CI installs it).
const wanted = testDialects().includes("mysql");
if (wanted && !existsSync(MARIADBD)) throw new Error(`MySQL suite needs ${MARIADBD}`);

describe.runIf(wanted)("mysql: database outage", () => {
  let maria: PrivateMariaDb;
  let running: RunningServer;
  beforeAll(async () => {
    maria = await PrivateMariaDb.create();
    running = await startServer({
      PORT: "0",
      DATA_DIR: `${maria.dir}/app`,
      DATABASE_URL: maria.url,
      LOG_LEVEL: "silent",
      BROWSER: "none",
    });
  });
  afterAll(async () => {
    await running?.stop().catch(() => {});
    await maria?.destroy();
  });

  it("answers 'database unavailable' while MySQL is down and recovers without a restart", async () => {
    const base = running.url.replace(/\/$/, "");
    const agent = request.agent(base);
    expect((await agent.get("/setup")).status).toBe(200);

    await maria.stop();
    const page = await agent.get("/setup");
    expect(page.status).toBe(503);
    expect(page.text).toContain("database is unavailable");
    expect(page.text).not.toMatch(/at .*\.ts:\d+/);
    const fragment = await agent.get("/setup").set("HX-Request", "true");
    expect(fragment.status).toBe(503);
    expect(fragment.text).toContain('role="alert"');
    const health = await request(base).get("/healthz");
    expect(health.status).toBe(503);
    expect(health.body.database).toBe("unavailable");

    await maria.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await agent.get("/setup")).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await request(base).get("/healthz")).body.database).toBe("ok");
    // The recovered app still writes: a form post goes through to validation.
    const token = await tokenFor(agent, "/setup");
    const res = await agent.post("/setup").type("form").send({ _csrf: token, shopName: "" });
    expect(res.status).toBe(400);
  });
});
