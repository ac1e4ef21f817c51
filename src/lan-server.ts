import type { RequestListener } from "node:http";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Server, type Socket } from "node:net";

/** The first byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;

export interface LanServer {
  /** Listens on the one port; hands each connection to the right inner server. */
  front: Server;
  /** The inner servers, for closing idle keep-alive connections at shutdown. */
  inner: HttpServer[];
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, "");
  return a === "::1" || a.startsWith("127.");
}

/** One year; no includeSubDomains: the shop's other machines are not ours to decide. */
export const HSTS = "max-age=31536000";

/**
 * HTTPS answers only: a browser that reached the till over https keeps using
 * https for that host. Not for "localhost", whose plain-http window must keep
 * working (browsers ignore the header for IP addresses anyway).
 */
function withHsts(app: RequestListener): RequestListener {
  return (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (host !== "localhost") res.setHeader("Strict-Transport-Security", HSTS);
    app(req, res);
  };
}

/**
 * The LAN setting on one port: TLS connections (phones, other tills) get the app
 * over HTTPS. Plain HTTP gets the app only from this computer — localhost is a
 * secure context for the camera, and the till's own window shows no certificate
 * warning; from another device plain HTTP answers with a redirect to https, except
 * /lan/ca.crt (the CA certificate a phone installs to trust the https address).
 */
export function createLanServer(
  app: RequestListener,
  tls: { key: string; cert: string; caCert: string },
): LanServer {
  const secure = createHttpsServer({ key: tls.key, cert: tls.cert }, withHsts(app));
  const local = createHttpServer(app);
  const redirect = createHttpServer((req, res) => {
    // A phone fetches the CA certificate once over plain http (before it can trust https).
    if (req.method === "GET" && req.url === "/lan/ca.crt") {
      res.writeHead(200, {
        "Content-Type": "application/x-x509-ca-cert",
        "Content-Disposition": 'attachment; filename="smart-retail-qr-billing-ca.crt"',
      });
      res.end(tls.caCert);
      return;
    }
    res.writeHead(308, { Location: `https://${req.headers.host ?? "localhost"}${req.url ?? "/"}` });
    res.end();
  });
  const front = createNetServer((socket: Socket) => {
    socket.once("error", () => socket.destroy());
    // A connection that never says anything is not kept open.
    socket.setTimeout(10_000, () => socket.destroy());
    socket.once("data", (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      const target =
        chunk[0] === TLS_HANDSHAKE ? secure : isLoopback(socket.remoteAddress) ? local : redirect;
      target.emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  const inner = [secure, local, redirect];
  // Inner servers never listen themselves; 'listening' starts their connection tracking
  // (request/header timeouts, closeIdleConnections at shutdown).
  front.on("listening", () => {
    for (const s of inner) s.emit("listening");
  });
  front.on("close", () => {
    for (const s of inner) s.close(() => {});
  });
  return { front, inner };
}
