import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, makeApp, shopWithStaff, type TestApp, tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { concrete, listRoutes, OWNER_ONLY, PUBLIC, type RouteEntry } from "../helpers/routes.ts";

/**
 * The route-table test: every route registered on the app, found by walking
 * the router stacks (so routes added later are covered without editing this
 * file), is tried as anonymous, cashier and owner.
 */

const isPublic = (path: string) => PUBLIC.some((re) => re.test(path));
const isOwnerOnly = (path: string) => OWNER_ONLY.some((re) => re.test(path));

function send(agent: Agent | ReturnType<typeof request>, method: string, url: string) {
  const m = method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
  return (agent as ReturnType<typeof request>)[m](url);
}

for (const dialect of testDialects()) {
  describe(`${dialect}: every route's access rules`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    let routes: RouteEntry[];
    let ownerId: number;
    beforeAll(async () => {
      t = await makeApp(dialect, { loginMaxPerAddress: 10_000 });
      ({ owner, cashier } = await shopWithStaff(t));
      routes = listRoutes(t.app);
      const row = await t.database.db
        .selectFrom("users")
        .select("id")
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      ownerId = row.id;
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("finds the routes by walking the router stacks", () => {
      const keys = routes.map((r) => `${r.method} ${r.path}`);
      for (const known of [
        "GET /",
        "GET /healthz",
        "GET /login",
        "POST /login",
        "POST /logout",
        "GET /setup",
        "GET /staff",
        "POST /staff/:id/deactivate",
        "GET /settings",
        "POST /settings",
      ]) {
        expect(keys).toContain(known);
      }
      expect(routes.length).toBeGreaterThanOrEqual(15);
    });

    it("anonymous: GET redirects to /login (401 for htmx); POST without CSRF is 403", async () => {
      const problems: string[] = [];
      for (const r of routes) {
        const url = concrete(r.path, ownerId);
        if (r.method === "GET") {
          if (isPublic(r.path)) continue;
          const res = await request(t.app).get(url);
          if (res.status !== 302 || !String(res.headers.location).startsWith("/login")) {
            problems.push(`GET ${url}: ${res.status} ${res.headers.location ?? ""}`);
          }
          const hx = await request(t.app).get(url).set("HX-Request", "true");
          if (hx.status !== 401) problems.push(`htmx GET ${url}: ${hx.status}`);
        } else {
          const res = await send(request(t.app), r.method, url).type("form").send({});
          if (res.status !== 403) problems.push(`${r.method} ${url} without CSRF: ${res.status}`);
          if (!isPublic(r.path)) {
            // With a valid token but no login: refused as well.
            const agent = request.agent(t.app);
            const token = await tokenFor(agent, "/login");
            const res2 = await send(agent, r.method, url).set("X-CSRF-Token", token).send({});
            if (res2.status !== 401) problems.push(`${r.method} ${url} anonymous: ${res2.status}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("cashier: owner-only routes answer 403; the rest let the cashier in", async () => {
      const problems: string[] = [];
      const token = await tokenFor(cashier, "/");
      for (const r of routes) {
        if (r.path === "/logout" || isPublic(r.path)) continue;
        const url = concrete(r.path, ownerId);
        const res = await send(cashier, r.method, url).set("X-CSRF-Token", token).send({});
        if (isOwnerOnly(r.path) && res.status !== 403) {
          problems.push(`${r.method} ${url}: ${res.status}, expected 403`);
        }
        if (!isOwnerOnly(r.path) && [401, 403].includes(res.status)) {
          problems.push(`${r.method} ${url}: ${res.status} for a cashier`);
        }
        if (res.status >= 500) problems.push(`${r.method} ${url}: ${res.status} (server error)`);
      }
      expect(problems).toEqual([]);
      expect((await cashier.get("/")).status).toBe(200);
    });

    it("owner: every route lets the owner in (no 401/403, no 500 for an empty request)", async () => {
      const problems: string[] = [];
      const token = await tokenFor(owner, "/");
      for (const r of routes) {
        if (r.path === "/logout" || isPublic(r.path)) continue;
        const url = concrete(r.path, ownerId);
        const req = send(owner, r.method, url);
        const res = r.method === "GET" ? await req : await req.set("X-CSRF-Token", token).send({});
        if ([401, 403].includes(res.status) || res.status >= 500) {
          problems.push(`${r.method} ${url}: ${res.status}`);
        }
      }
      expect(problems).toEqual([]);
      expect((await owner.get("/")).status).toBe(200);
    });
  });
}
