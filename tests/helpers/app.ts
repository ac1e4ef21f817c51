import type { Express } from "express";
import request from "supertest";
import type TestAgent from "supertest/lib/agent.js";
import { createApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import type { Dialect } from "../../src/db/database.ts";
import { createLogger } from "../../src/logger.ts";
import { createStaff } from "../../src/services/shop/staff.ts";
import { freshDatabase, type TestDatabase } from "./db.ts";

export type Agent = TestAgent;

export interface TestApp extends TestDatabase {
  app: Express;
  config: Config;
}

export function testConfig(
  overrides: Partial<Config> & Pick<Config, "database" | "dataDir">,
): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    lan: false,
    sessionSecret: "test-secret-test-secret-test-secret",
    sessionIdleMinutes: 60,
    logLevel: "silent",
    isProduction: false,
    openBrowser: false,
    loginMaxFailures: 5,
    loginWindowMinutes: 15,
    loginMaxPerAddress: 20,
    ...overrides,
  };
}

/** createApp() on a fresh migrated database of the dialect. */
export async function makeApp(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestApp> {
  const tdb = await freshDatabase(dialect);
  const config = testConfig({ database: tdb.target, dataDir: tdb.dataDir, ...overrides });
  const app = createApp({ database: tdb.database, config, logger: createLogger("silent") });
  return { ...tdb, app, config };
}

/** The CSRF token embedded in a page (meta tag or hidden field). */
export function csrfFrom(html: string): string {
  const m =
    html.match(/name="csrf-token" content="([^"]+)"/) ?? html.match(/name="_csrf" value="([^"]+)"/);
  if (!m?.[1]) throw new Error("no CSRF token in page");
  return m[1];
}

/** GETs a page and returns its CSRF token (the agent keeps the session cookie). */
export async function tokenFor(agent: Agent, path = "/login"): Promise<string> {
  const res = await agent.get(path);
  return csrfFrom(res.text);
}

/** Posts a form as the browser does: the CSRF token from `page` (GET first), then the fields. */
export async function postForm(
  agent: Agent,
  url: string,
  fields: Record<string, unknown>,
  page: string,
) {
  const token = await tokenFor(agent, page);
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: token, ...fields });
}

export const OWNER = { username: "owner", password: "owner-pass-123", displayName: "Asha Owner" };
export const CASHIER = {
  username: "cashier",
  password: "cashier-pass-123",
  displayName: "Ravi Cashier",
};

/** Runs first-run setup through the real form and returns the logged-in owner agent. */
export async function setupShopVia(app: Express, shopName = "Sharma Kirana Store"): Promise<Agent> {
  const agent = request.agent(app);
  const token = await tokenFor(agent, "/setup");
  const res = await agent.post("/setup").type("form").send({
    _csrf: token,
    shopName,
    address: "12 MG Road, Pune",
    phone: "020 2345 6789",
    gstin: "27ABCDE1234F1Z5",
    displayName: OWNER.displayName,
    username: OWNER.username,
    password: OWNER.password,
    confirmPassword: OWNER.password,
  });
  if (res.status !== 302) throw new Error(`setup failed: ${res.status} ${res.text.slice(0, 500)}`);
  return agent;
}

/** Logs in with a fresh agent. */
export async function loginAs(app: Express, username: string, password: string): Promise<Agent> {
  const agent = request.agent(app);
  const token = await tokenFor(agent, "/login");
  const res = await agent.post("/login").type("form").send({ _csrf: token, username, password });
  if (res.status !== 302) throw new Error(`login failed: ${res.status} ${res.text.slice(0, 300)}`);
  return agent;
}

/** A set-up shop with an owner and a cashier; returns agents for both. */
export async function shopWithStaff(t: TestApp): Promise<{ owner: Agent; cashier: Agent }> {
  const owner = await setupShopVia(t.app);
  await createStaff(
    t.database.db,
    { userId: null, username: "test" },
    {
      username: CASHIER.username,
      displayName: CASHIER.displayName,
      password: CASHIER.password,
      confirmPassword: CASHIER.password,
      role: "cashier",
    },
  );
  const cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
  return { owner, cashier };
}

/** An htmx-style POST with the CSRF header taken from `page`. */
export async function htmxPost(
  agent: Agent,
  url: string,
  body: Record<string, unknown>,
  page = "/",
) {
  const token = await tokenFor(agent, page);
  return agent
    .post(url)
    .set("HX-Request", "true")
    .set("X-CSRF-Token", token)
    .type("form")
    .send(body);
}
