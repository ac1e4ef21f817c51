import { BENCH_PASSWORD } from "../generate.ts";

/** A logged-in browser session as the load tool replays it: cookie + CSRF token. */
export interface Session {
  username: string;
  cookie: string;
  csrf: string;
}

function cookieFrom(res: Response, fallback = ""): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("srqb.sid="));
  return set ? (set.split(";")[0] as string) : fallback;
}

export function csrfFrom(html: string): string | null {
  const m =
    html.match(/name="csrf-token" content="([^"]+)"/) ?? html.match(/name="_csrf" value="([^"]+)"/);
  return m?.[1] ?? null;
}

/** GET /login for the token and cookie, POST /login, then read the new session's token. */
export async function login(base: string, username: string): Promise<Session> {
  const page = await fetch(`${base}/login`, { redirect: "manual" });
  const token = csrfFrom(await page.text());
  if (!token) throw new Error("no CSRF token on /login");
  // Before login there is no session: the form's token and the client id are cookies of their own.
  const loginCookies = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .join("; ");
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookies },
    body: new URLSearchParams({ username, password: BENCH_PASSWORD, _csrf: token }).toString(),
  });
  await res.text();
  if (res.status !== 302 && res.status !== 303)
    throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = cookieFrom(res);
  const home = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
  const csrf = csrfFrom(await home.text());
  if (!csrf) throw new Error(`no CSRF token after login (${home.status})`);
  return { username, cookie: cookieFrom(home, cookie), csrf };
}

export async function loginMany(
  base: string,
  usernames: string[],
  concurrency = 4,
): Promise<Session[]> {
  const out: Session[] = new Array(usernames.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < usernames.length) {
        const i = next++;
        out[i] = await login(base, usernames[i] as string);
      }
    }),
  );
  return out;
}

/** One request with the session's cookie (and CSRF header for posts). */
export async function send(
  base: string,
  s: Session,
  method: "GET" | "POST",
  path: string,
  form?: Record<string, string>,
): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: {
      cookie: s.cookie,
      "x-csrf-token": s.csrf,
      "hx-request": "true",
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  }).catch((err: Error & { cause?: Error }) => {
    throw new Error(
      `${method} ${path}: ${err.message}${err.cause ? ` (${err.cause.message})` : ""}`,
    );
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

/** The open bill's id in a till response (its hidden billId field), if any. */
export function billIdIn(html: string): string | undefined {
  return html.match(/name="billId" value="(\d+)"/)?.[1];
}

/** The till's #till-shown value in a till page or answer (what its lines region shows). */
export function shownIn(html: string): string | undefined {
  return html.match(/id="till-shown" name="shown" value="([^"]*)"/)?.[1];
}
