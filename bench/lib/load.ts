import http from "node:http";
import autocannon from "autocannon";
import type { Session } from "./http.ts";

export interface LoadResult {
  p50: number;
  p99: number;
  /** Requests per second. */
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Answers by HTTP status, where the load tool counts them ("200": 4000, "409": 12). */
  statuses?: Record<string, number>;
}

export interface LoadSpec {
  url: string;
  path: string;
  method?: "GET" | "POST";
  /** One session per connection (cycled when there are fewer sessions). */
  sessions: Session[];
  connections: number;
  duration?: number;
  amount?: number;
  /** Form body for request k of connection i (POSTs). */
  body?: (i: number, k: number) => Record<string, string>;
  /** Each answer's body on connection i, read before its next request is built. */
  onBody?: (i: number, body: string) => void;
}

/** autocannon's per-connection iterator: it hands each answer's body to recordBody. */
interface WithIterator {
  requestIterator?: {
    recordBody: (req: unknown, status: number, body: string, headers: unknown) => void;
  };
}

/** Runs autocannon on loopback: every connection is one till with its own session. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let nextClient = 0;
  const method = spec.method ?? "GET";
  const result = await autocannon({
    url: `${spec.url}${spec.path}`,
    method,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
    pipelining: 1,
    headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
    setupClient: (client) => {
      const i = nextClient++;
      const s = spec.sessions[i % spec.sessions.length] as Session;
      const headers = {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        "hx-request": "true",
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      };
      const body = spec.body;
      if (!body) {
        client.setHeaders(headers);
        return;
      }
      let k = 0;
      const onBody = spec.onBody;
      if (onBody) {
        // autocannon gives a body only to `requests` hooks, whose context it resets after
        // every round; the till's answer must reach this connection's next request.
        const iterator = (client as unknown as WithIterator).requestIterator;
        if (!iterator) throw new Error("autocannon has no requestIterator: onBody cannot work");
        const record = iterator.recordBody.bind(iterator);
        iterator.recordBody = (req, status, text, h) => {
          onBody(i, String(text));
          record(req, status, text, h);
        };
      }
      client.setHeadersAndBody(headers, new URLSearchParams(body(i, k)).toString());
      client.on("response", () => {
        k++;
        client.setBody(new URLSearchParams(body(i, k)).toString());
      });
    },
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v?.count ?? 0]),
    ),
  };
}

/** Latency percentiles of a list of millisecond samples. */
export function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * One request at a time on a keep-alive connection, timed with
 * performance.now() (autocannon rounds latency to whole milliseconds, too
 * coarse for sub-millisecond server times).
 */
export async function runSequential(spec: {
  url: string;
  session: Session;
  pathFor: (k: number) => string;
  seconds?: number;
  count?: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(spec.url);
  const headers = {
    cookie: spec.session.cookie,
    "x-csrf-token": spec.session.csrf,
    "hx-request": "true",
  };
  const one = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ hostname, port, path, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
    });
  const samples: number[] = [];
  let non2xx = 0;
  const until = performance.now() + (spec.seconds ?? 5) * 1000;
  const t0 = performance.now();
  for (let k = 0; spec.count !== undefined ? k < spec.count : performance.now() < until; k++) {
    const s = performance.now();
    const status = await one(spec.pathFor(k));
    samples.push(performance.now() - s);
    if (status < 200 || status >= 300) non2xx++;
  }
  agent.destroy();
  return sequentialResult(samples, performance.now() - t0, non2xx);
}

/** One connection's samples (ms) over `wall` ms as a LoadResult. */
function sequentialResult(samples: number[], wall: number, non2xx: number): LoadResult {
  const { p50, p99 } = percentiles(samples);
  return {
    p50,
    p99,
    rps: (samples.length / wall) * 1000,
    requests: samples.length,
    non2xx,
    errors: 0,
  };
}

/**
 * POSTs one form after another on a keep-alive connection, each built from
 * the answer before it (`form(k, previous)`), timed with performance.now().
 */
export async function postSequential(spec: {
  url: string;
  session: Session;
  path: string;
  count: number;
  form: (k: number, previous: string) => Record<string, string>;
}): Promise<LoadResult & { last: string }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(spec.url);
  const one = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          path: spec.path,
          method: "POST",
          agent,
          headers: {
            cookie: spec.session.cookie,
            "x-csrf-token": spec.session.csrf,
            "hx-request": "true",
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const samples: number[] = [];
  let non2xx = 0;
  let last = "";
  const t0 = performance.now();
  for (let k = 0; k < spec.count; k++) {
    const body = new URLSearchParams(spec.form(k, last)).toString();
    const s = performance.now();
    const res = await one(body);
    samples.push(performance.now() - s);
    last = res.text;
    if (res.status < 200 || res.status >= 300) non2xx++;
  }
  agent.destroy();
  return { ...sequentialResult(samples, performance.now() - t0, non2xx), last };
}
