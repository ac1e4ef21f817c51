import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../src/services/shop/staff.ts";
import { scanIntoBill } from "../../src/services/till/bill.ts";
import { completeBill } from "../../src/services/till/checkout.ts";
import {
  type Agent,
  CASHIER,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { addCustomer } from "../helpers/bills.ts";
import { corpusFor, formsIn, tableDigest, XSS } from "../helpers/corpus.ts";
import { testDialects } from "../helpers/db.ts";
import { LONG } from "../helpers/reliability.ts";
import { concrete, listRoutes, type RouteEntry } from "../helpers/routes.ts";
import { seedProduct } from "../helpers/till.ts";

/**
 * Proof 4 — bad input: the corpus (tests/helpers/corpus.ts) thrown at every
 * route the app has (found by walking the router, as access.test.ts does),
 * in every field name found in the rendered forms, as owner and as cashier,
 * also as JSON, text/plain, malformed multipart and a broken CSV upload.
 * Never a 5xx; the raw markup payloads never come back in an HTML answer;
 * a refused request (4xx) leaves the main tables unchanged (row counts and content checksums).
 */

const RAW = Object.values(XSS);
/** The full corpus sends ~6,000 requests per dialect. */
const TIMEOUT = LONG ? 900_000 : 120_000;

/** A payload as a path segment; a lone surrogate goes as the raw invalid UTF-8 bytes. */
function inPath(value: string): string {
  try {
    return encodeURIComponent(value) || "x";
  } catch {
    return "%ED%A0%80";
  }
}
const SKIP = new Set(["/logout", "/setup", "/login"]);

interface Outcome {
  requests: number;
  refused: number;
  problems: string[];
}

for (const dialect of testDialects()) {
  describe(`${dialect}: hostile input at every route`, () => {
    let t: TestApp;
    let agents: Record<"owner" | "cashier", Agent>;
    let routes: RouteEntry[];
    const ids: Record<string, number> = {};
    const fieldsFor = new Map<string, Set<string>>();
    const allFields = new Set<string>(["q", "code", "qty", "name", "phone", "page", "from", "to"]);
    const outcome: Outcome = { requests: 0, refused: 0, problems: [] };

    beforeAll(async () => {
      t = await makeApp(dialect, { loginMaxPerAddress: 1_000_000, loginMaxFailures: 1_000_000 });
      const { owner, cashier } = await shopWithStaff(t);
      agents = { owner, cashier };
      const db = t.database.db;
      ids.product = await seedProduct(db, {
        code: "CORPUS-1",
        name: "Corpus soap",
        price: 4500,
        stock: 50,
      });
      ids.customer = await addCustomer(db, "Corpus Customer", "+919876501234");
      // Staff routes act on a third account, so the corpus never locks out the two agents.
      ids.user = (
        await createStaff(
          db,
          { userId: null, username: "test" },
          {
            username: "victim",
            displayName: "Victim Cashier",
            password: "victim-pass-123",
            confirmPassword: "victim-pass-123",
            role: "cashier",
          },
        )
      ).id;
      const staff = await db.selectFrom("users").select(["id", "role"]).execute();
      const ownerId = staff.find((u) => u.role === "owner")?.id ?? 0;
      const scan = await scanIntoBill(db, ownerId, "CORPUS-1");
      await completeBill(db, { userId: ownerId, username: "owner" }, scan.billId, { mode: "cash" });
      ids.bill = scan.billId;
      routes = listRoutes(t.app).filter((r) => !SKIP.has(r.path));
      // Discover the field names of every form on every page the owner can open.
      for (const r of routes.filter((x) => x.method === "GET")) {
        const res = await owner.get(concrete(r.path, idFor(r.path)));
        if (!String(res.headers["content-type"]).includes("html")) continue;
        for (const form of formsIn(res.text)) {
          for (const f of form.fields) allFields.add(f);
          if (!form.target) continue;
          const key = routeOf(form.target.split("?")[0] ?? "");
          if (!key) continue;
          const set = fieldsFor.get(key) ?? new Set<string>();
          for (const f of form.fields) set.add(f);
          fieldsFor.set(key, set);
        }
      }
    });
    afterAll(async () => {
      console.info(
        `[reliability] ${dialect}: ${outcome.requests} hostile requests on ${routes.length} routes ` +
          `(${allFields.size} field names), ${outcome.refused} refused cleanly, 0 server errors`,
      );
      await t.cleanup();
    });

    function idFor(path: string): number {
      if (path.startsWith("/products")) return ids.product ?? 1;
      if (path.startsWith("/customers")) return ids.customer ?? 1;
      if (path.startsWith("/bills")) return ids.bill ?? 1;
      if (path.startsWith("/staff")) return ids.user ?? 1;
      return ids.bill ?? 1;
    }

    /** The route pattern a concrete form target belongs to. */
    function routeOf(url: string): string | null {
      for (const r of routes) {
        if (r.method !== "POST") continue;
        const re = new RegExp(
          `^${r.path.replace(/\{[^}]*\}/g, "").replace(/:[A-Za-z_]\w*/g, "[^/]+")}$`,
        );
        if (re.test(url)) return r.path;
      }
      return null;
    }

    async function send(
      role: "owner" | "cashier",
      r: RouteEntry,
      url: string,
      body: { type: string; data: string | Record<string, unknown> } | null,
      label: string,
    ) {
      const agent = agents[role];
      const before = await tableDigest(t.database.db);
      let req = r.method === "GET" ? agent.get(url) : agent.post(url);
      if (r.method !== "GET") {
        const token = await tokenFor(agent, "/").catch(() => null);
        if (!token) {
          outcome.problems.push(
            `${role} lost its session before ${r.method} ${url.slice(0, 60)} [${label}]`,
          );
          agents[role] = await loginAs(
            t.app,
            role === "owner" ? OWNER.username : CASHIER.username,
            role === "owner" ? OWNER.password : CASHIER.password,
          );
          return;
        }
        req = req.set("X-CSRF-Token", token);
        if (body) req = req.set("Content-Type", body.type).send(body.data as string);
      }
      const res = await req.set("HX-Request", label.includes("htmx") ? "true" : "false");
      outcome.requests++;
      const where = `${role} ${r.method} ${url.slice(0, 80)} [${label}]`;
      if (res.status >= 500) outcome.problems.push(`${where}: ${res.status}`);
      if (String(res.headers["content-type"]).includes("html")) {
        for (const raw of RAW)
          if (res.text.includes(raw)) outcome.problems.push(`${where}: unescaped ${raw}`);
      }
      if (res.status >= 400 && res.status < 500) {
        outcome.refused++;
        const after = await tableDigest(t.database.db);
        if (after !== before)
          outcome.problems.push(
            `${where}: refused (${res.status}) but wrote: ${before} → ${after}`,
          );
      }
    }

    const form = (fields: Record<string, unknown>) => ({
      type: "application/x-www-form-urlencoded",
      data: new URLSearchParams(fields as Record<string, string>).toString(),
    });

    it(
      "form fields and path parameters: no 5xx, nothing unescaped, nothing written when refused",
      async () => {
        for (const role of ["owner", "cashier"] as const) {
          for (const r of routes) {
            const fields = [...(fieldsFor.get(r.path) ?? allFields)];
            for (const { kind, value } of corpusFor(LONG)) {
              const id = idFor(r.path);
              if (r.method === "GET") {
                if (kind === "huge") continue; // a URL is not a 1 MB field
                const qs = new URLSearchParams(
                  Object.fromEntries([...allFields].map((f) => [f, value])),
                );
                await send(role, r, `${concrete(r.path, id)}?${qs}`, null, kind);
                if (r.path.includes(":"))
                  await send(role, r, concrete(r.path, inPath(value)), null, `${kind} in path`);
                continue;
              }
              // The huge string goes into one field at a time (the body limit is 1 MB).
              const data =
                kind === "huge"
                  ? Object.fromEntries(fields.map((f, i) => [f, i === 0 ? value : "1"]))
                  : Object.fromEntries(fields.map((f) => [f, value]));
              await send(role, r, concrete(r.path, id), form(data), `${kind} htmx`);
              if (kind !== "huge" && r.path.includes(":"))
                await send(role, r, concrete(r.path, inPath(value)), form(data), `${kind} in path`);
            }
          }
        }
        expect(outcome.problems.slice(0, 40)).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      "wrong content types, repeated fields, JSON objects, malformed multipart and CSV",
      async () => {
        const boundary = "----srqbBoundary";
        const brokenCsv =
          'code,name,price\n"unterminated,Soap,12\nX\u0000,<script>alert("srqb-xss")</script>,1e308\n,,,,,,\n';
        for (const role of ["owner", "cashier"] as const) {
          for (const r of routes.filter((x) => x.method !== "GET")) {
            const fields = [...(fieldsFor.get(r.path) ?? allFields)];
            const url = concrete(r.path, idFor(r.path));
            const nested = Object.fromEntries(
              fields.map((f) => [f, { $gt: "", toString: 1, __proto__: { admin: 1 } }]),
            );
            const bodies: Array<[string, { type: string; data: string }]> = [
              ["json objects", { type: "application/json", data: JSON.stringify(nested) }],
              ["json array", { type: "application/json", data: JSON.stringify([1, 2, 3]) }],
              [
                "json numbers",
                {
                  type: "application/json",
                  data: JSON.stringify(Object.fromEntries(fields.map((f) => [f, 1e308]))),
                },
              ],
              ["broken json", { type: "application/json", data: '{"a": [1, 2' }],
              [
                "text/plain",
                { type: "text/plain", data: fields.map((f) => `${f}=${XSS.script}`).join("\n") },
              ],
              [
                "repeated fields",
                {
                  type: "application/x-www-form-urlencoded",
                  data: fields.map((f) => `${f}=1&${f}=-1&${f}[]=x`).join("&"),
                },
              ],
              [
                "malformed multipart",
                {
                  type: `multipart/form-data; boundary=${boundary}`,
                  data: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nhalf a part`,
                },
              ],
              ["multipart no boundary", { type: "multipart/form-data", data: "garbage" }],
              [
                "broken csv upload",
                {
                  type: `multipart/form-data; boundary=${boundary}`,
                  data:
                    fields
                      .map(
                        (f) =>
                          `--${boundary}\r\nContent-Disposition: form-data; name="${f}"\r\n\r\n${XSS.attribute}\r\n`,
                      )
                      .join("") +
                    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n${brokenCsv}\r\n--${boundary}--\r\n`,
                },
              ],
            ];
            for (const [label, body] of bodies) await send(role, r, url, body, label);
          }
        }
        expect(outcome.problems.slice(0, 40)).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      "stored hostile values come back escaped on every page",
      async () => {
        const db = t.database.db;
        await db
          .updateTable("customers")
          .set({ name: XSS.script })
          .where("id", "=", ids.customer ?? 0)
          .execute();
        await db
          .updateTable("products")
          .set({ name: XSS.attribute })
          .where("id", "=", ids.product ?? 0)
          .execute();
        await db
          .updateTable("bill_lines")
          .set({ name: XSS.img })
          .where("bill_id", "=", ids.bill ?? 0)
          .execute();
        for (const role of ["owner", "cashier"] as const) {
          for (const r of routes.filter((x) => x.method === "GET")) {
            const res = await agents[role].get(concrete(r.path, idFor(r.path)));
            outcome.requests++;
            if (res.status >= 500) outcome.problems.push(`${role} GET ${r.path}: ${res.status}`);
            if (!String(res.headers["content-type"]).includes("html")) continue;
            for (const raw of RAW)
              if (res.text.includes(raw))
                outcome.problems.push(`${role} GET ${r.path}: unescaped ${raw}`);
          }
        }
        // Still logged in after all that: the corpus did not end either session.
        expect((await agents.owner.get("/")).status).toBe(200);
        expect((await agents.cashier.get("/till")).status).toBe(200);
        expect(outcome.problems.slice(0, 40)).toEqual([]);
      },
      TIMEOUT,
    );
  });
}
