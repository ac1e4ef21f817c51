import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { APP_ID } from "../src/version.ts";

/**
 * What answers on a port: our app (its /healthz names APP_ID), another program,
 * or nothing at all (connection refused).
 */
export type PortState =
  | { state: "ours"; url: string; pid?: number; version?: string }
  | { state: "foreign"; detail: string }
  | { state: "free" };

type Scheme = "http" | "https";

function fetchHealth(scheme: Scheme, host: string, port: number): Promise<PortState> {
  const base = `${scheme}://${host}:${port}`;
  return new Promise((resolve) => {
    const get = scheme === "https" ? httpsGet : httpGet;
    // Our own LAN certificate is self-signed; identity comes from the JSON, not the certificate.
    const req = get(`${base}/healthz`, { timeout: 2000, rejectUnauthorized: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 10_000) body += chunk;
      });
      res.on("end", () => {
        try {
          const json = JSON.parse(body) as { app?: string; pid?: number; version?: string };
          if (json.app === APP_ID) {
            resolve({ state: "ours", url: `${base}/`, pid: json.pid, version: json.version });
            return;
          }
        } catch {
          // not JSON: someone else's server
        }
        resolve({ state: "foreign", detail: `${scheme} answered ${res.statusCode}` });
      });
      res.on("error", () => resolve({ state: "foreign", detail: "broken answer" }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") resolve({ state: "free" });
      else resolve({ state: "foreign", detail: err.code ?? err.message });
    });
  });
}

/**
 * Asks the port's /healthz over the expected scheme first, then the other one
 * (a LAN instance speaks https, a local one http), so a running instance is
 * found whichever way it was started.
 */
export async function probePort(
  host: string,
  port: number,
  preferHttps: boolean,
): Promise<PortState> {
  const schemes: Scheme[] = preferHttps ? ["https", "http"] : ["http", "https"];
  const first = await fetchHealth(schemes[0] as Scheme, host, port);
  if (first.state !== "foreign") return first;
  const second = await fetchHealth(schemes[1] as Scheme, host, port);
  return second.state === "ours" ? second : first;
}

/** Polls /healthz until our app answers on the port (after listen, before opening a window). */
export async function waitUntilHealthy(
  host: string,
  port: number,
  https: boolean,
  attempts = 50,
): Promise<PortState> {
  let last: PortState = { state: "free" };
  for (let i = 0; i < attempts; i++) {
    last = await probePort(host, port, https);
    if (last.state === "ours") return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  return last;
}
