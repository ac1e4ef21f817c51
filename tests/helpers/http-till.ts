/**
 * A cashier at a till, over real HTTP (fetch, its own cookie jar): logs in
 * through the login form, then drives the till the way till.js does — htmx
 * POSTs with the CSRF token from the page's meta tag.
 */
export interface TillAnswer {
  status: number;
  text: string;
}

export class HttpTill {
  private cookies = new Map<string, string>();
  private token = "";
  constructor(
    public base: string,
    readonly username: string,
    private readonly password: string,
  ) {}

  /** Every cookie the app sets: the session, and before login the form's CSRF and client cookies. */
  private keepCookie(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0] ?? "";
      const i = pair.indexOf("=");
      if (i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  private get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<TillAnswer> {
    const res = await fetch(this.base + path, {
      headers: { Cookie: this.cookie, ...headers },
      redirect: "manual",
    });
    this.keepCookie(res);
    return { status: res.status, text: await res.text() };
  }

  /**
   * The same session (cookie and CSRF token) talking to another server
   * process on the same database: one browser whose requests a load balancer
   * spreads over two tills' processes.
   */
  twin(base: string): HttpTill {
    const other = new HttpTill(base, this.username, this.password);
    other.cookies = new Map(this.cookies);
    other.token = this.token;
    return other;
  }

  /** A request with this till's cookie (and CSRF token on a POST), the raw answer (e.g. a PDF). */
  async fetch(path: string, body?: Record<string, string>): Promise<Response> {
    const res = await fetch(this.base + path, {
      method: body ? "POST" : "GET",
      headers: {
        Cookie: this.cookie,
        ...(body
          ? { "X-CSRF-Token": this.token, "Content-Type": "application/x-www-form-urlencoded" }
          : {}),
      },
      body: body ? new URLSearchParams(body) : undefined,
      redirect: "manual",
    });
    this.keepCookie(res);
    return res;
  }

  /** Logs in through the form; throws unless the login is accepted. */
  async login(): Promise<void> {
    const page = await this.get("/login");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const res = await fetch(`${this.base}/login`, {
      method: "POST",
      headers: { Cookie: this.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, username: this.username, password: this.password }),
      redirect: "manual",
    });
    this.keepCookie(res);
    await res.text();
    if (res.status !== 302) throw new Error(`login of ${this.username} failed: ${res.status}`);
    await this.refreshToken();
  }

  /** Reads the CSRF token from the till page's meta tag (as app.js does). */
  async refreshToken(): Promise<TillAnswer> {
    const page = await this.get("/till");
    const m = /name="csrf-token" content="([^"]+)"/.exec(page.text);
    if (!m?.[1]) throw new Error(`no CSRF token on /till for ${this.username}: ${page.status}`);
    this.token = m[1];
    return page;
  }

  /** An htmx POST (form-encoded, X-CSRF-Token header). */
  async post(path: string, body: Record<string, string> = {}): Promise<TillAnswer> {
    const res = await fetch(this.base + path, {
      method: "POST",
      headers: {
        Cookie: this.cookie,
        "HX-Request": "true",
        "X-CSRF-Token": this.token,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(body),
      redirect: "manual",
    });
    this.keepCookie(res);
    return { status: res.status, text: await res.text() };
  }

  scan(code: string) {
    return this.post("/till/scan", { code });
  }
  attachCustomer(customerId: number | null) {
    return this.post("/till/customer", {
      customerId: customerId === null ? "" : String(customerId),
    });
  }
  clear() {
    return this.post("/till/clear");
  }
  complete(billId: number, payment: Record<string, string> = { mode: "cash" }) {
    return this.post("/till/complete", { billId: String(billId), ...payment });
  }
}

/** The open bill id in a till answer (the pay form's hidden billId), or null. */
export function openBillId(html: string): number | null {
  const m = /name="billId" value="(\d+)"/.exec(html);
  return m?.[1] ? Number(m[1]) : null;
}

/** The bill number in the "Bill … complete" message of a completion, or null. */
export function completedNumber(html: string): string | null {
  return /Bill ([A-Z0-9/-]+) complete/.exec(html)?.[1] ?? null;
}
