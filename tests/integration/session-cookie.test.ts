import { sign } from "cookie-signature";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csrfFrom, makeApp, OWNER, shopWithStaff, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

/** The srqb.sid cookie a response sets, or undefined. */
function sidCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers["set-cookie"];
  const list = Array.isArray(raw) ? (raw as string[]) : raw ? [String(raw)] : [];
  return list.find((c) => c.startsWith("srqb.sid="));
}

/** Logs the owner in without an agent: the session cookie ("srqb.sid=…") and its id. */
async function ownerSession(t: TestApp): Promise<{ header: string; sid: string }> {
  const page = await request(t.app).get("/login");
  const jar = ((page.headers["set-cookie"] ?? []) as unknown as string[]).map(
    (c) => c.split(";")[0],
  );
  const res = await request(t.app)
    .post("/login")
    .set("Cookie", jar.join("; "))
    .type("form")
    .send({ _csrf: csrfFrom(page.text), username: OWNER.username, password: OWNER.password });
  expect(res.status).toBe(302);
  const header = sidCookie(res)?.split(";")[0] ?? "";
  const value = decodeURIComponent(header.slice("srqb.sid=".length));
  return { header, sid: value.slice(2, value.lastIndexOf(".")) };
}

async function rowOf(t: TestApp, sid: string) {
  return t.database.db
    .selectFrom("sessions")
    .selectAll()
    .where("sid", "=", sid)
    .executeTakeFirstOrThrow();
}

for (const dialect of testDialects()) {
  describe(`${dialect}: the session cookie (middleware/session.ts)`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
      await shopWithStaff(t);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("is sent again only when the stored expiry moves (a minute or more), and the row's expiry moves with it", async () => {
      const { header, sid } = await ownerSession(t);
      // The first page after login keeps the new session's CSRF token in it: a write.
      await request(t.app).get("/").set("Cookie", header).expect(200);
      const first = await rowOf(t, sid);
      // Within the minute: no statement for the session and no cookie (it was sent on every answer before).
      const soon = await request(t.app).get("/").set("Cookie", header);
      expect(soon.status).toBe(200);
      expect(sidCookie(soon)).toBeUndefined();

      const later = Number(first.expires) - t.config.sessionIdleMinutes * 60_000 + 5 * 60_000;
      vi.useFakeTimers({ toFake: ["Date"], now: later });
      try {
        const res = await request(t.app).get("/").set("Cookie", header);
        expect(res.status).toBe(200);
        const again = sidCookie(res) ?? "";
        expect(again.split(";")[0]).toBe(header);
        expect(again).toMatch(new RegExp(`Max-Age=${t.config.sessionIdleMinutes * 60}`));
        expect(again).toMatch(/HttpOnly/i);
        let row = await rowOf(t, sid);
        for (let i = 0; i < 50 && Number(row.expires) === Number(first.expires); i++) {
          await new Promise((r) => setImmediate(r));
          row = await rowOf(t, sid);
        }
        expect(Number(row.expires)).toBe(later + t.config.sessionIdleMinutes * 60_000);
      } finally {
        vi.useRealTimers();
      }
    });

    it("a session made before the change (express-session's signed cookie, its cookie object in the row) stays logged in", async () => {
      const { sid } = await ownerSession(t);
      const { staff } = JSON.parse((await rowOf(t, sid)).sess) as { staff: unknown };
      const oldSid = "legacy-session-id-made-by-express-session";
      const expires = Date.now() + 30 * 60_000;
      await t.database.db
        .insertInto("sessions")
        .values({
          sid: oldSid,
          sess: JSON.stringify({
            cookie: {
              originalMaxAge: 3_600_000,
              expires: new Date(expires).toISOString(),
              httpOnly: true,
              path: "/",
              sameSite: "lax",
            },
            staff,
          }),
          expires,
          user_id: (staff as { id: number }).id,
        })
        .execute();
      const cookie = `srqb.sid=${encodeURIComponent(`s:${sign(oldSid, t.config.sessionSecret)}`)}`;
      const res = await request(t.app).get("/").set("Cookie", cookie);
      expect(res.status).toBe(200);
      expect(res.text).toContain(OWNER.displayName);
      // Signed with another secret it opens nothing.
      const forged = `srqb.sid=${encodeURIComponent(`s:${sign(oldSid, "not-the-secret-not-the-secret")}`)}`;
      expect((await request(t.app).get("/").set("Cookie", forged)).status).toBe(302);
    });
  });
}
