import { createServer, type Server, type Socket } from "node:net";

/**
 * A fake ESC/POS network printer on a loopback port: it answers the status
 * query (DLE EOT 1 / DLE EOT 4) like a real one and records what each
 * connection sent. Modes: "ok"; "nopaper" (status says the roll is out);
 * "stall" (accepts the connection, never answers). stop() takes it off the
 * network (the port refuses connections); start() brings it back on the same port.
 */
export class FakePrinter {
  mode: "ok" | "nopaper" | "stall" = "ok";
  /** One entry per connection that sent more than the status query. */
  readonly jobs: Buffer[] = [];
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (typeof address === "object" && address) this.port = address.port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when `n` jobs have arrived (or rejects after `ms`). */
  async waitForJobs(n: number, ms = 5000): Promise<Buffer[]> {
    const until = Date.now() + ms;
    while (this.jobs.length < n) {
      if (Date.now() > until) throw new Error(`printer got ${this.jobs.length} jobs, not ${n}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.jobs;
  }

  private accept(socket: Socket) {
    this.sockets.add(socket);
    let data = Buffer.alloc(0);
    socket.on("data", (d) => {
      if (this.mode === "stall") return;
      data = Buffer.concat([data, d]);
      if (data.subarray(0, STATUS.length).equals(STATUS)) {
        data = data.subarray(STATUS.length);
        socket.write(
          this.mode === "nopaper" ? Buffer.from([0x1e, 0x72]) : Buffer.from([0x16, 0x12]),
        );
      }
    });
    const record = () => {
      this.sockets.delete(socket);
      if (data.length) this.jobs.push(data);
      data = Buffer.alloc(0);
    };
    socket.on("end", () => {
      record();
      socket.end();
    });
    socket.on("close", record);
    socket.on("error", () => {});
  }
}

const STATUS = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]);

export interface Decoded {
  /** Text lines, trimmed (the encoder centres with spaces). */
  lines: string[];
  /** QR payloads (GS ( k … fn 80: store the data). */
  qr: string[];
  /** Raster images (GS v 0): width in dots and height. */
  images: Array<{ width: number; height: number }>;
  cuts: number;
  /** Drawer kicks (ESC p m t1 t2). */
  pulses: number;
  /** Position of each kick and cut among all commands, to check their order. */
  order: string[];
}

/** Decodes the ESC/POS the app sends back into text lines, QR payloads, images, cuts and drawer kicks. */
export function decodeEscpos(bytes: Uint8Array): Decoded {
  const out: Decoded = { lines: [], qr: [], images: [], cuts: 0, pulses: 0, order: [] };
  let line = "";
  let i = 0;
  const b = (k: number) => bytes[i + k] ?? 0;
  const endLine = () => {
    out.lines.push(line.trim());
    line = "";
  };
  while (i < bytes.length) {
    const c = b(0);
    if (c === 0x1b) {
      const cmd = b(1);
      if (cmd === 0x40) i += 2;
      else if (cmd === 0x70) {
        out.pulses++;
        out.order.push("pulse");
        i += 5;
      } else if (cmd === 0x64 || cmd === 0x4a) {
        for (let k = 0; k < b(2); k++) endLine();
        i += 3;
      } else i += 3; // ESC E/a/t/M/!/- n: one argument
    } else if (c === 0x1c) {
      i += b(1) === 0x2e ? 2 : 3;
    } else if (c === 0x1d) {
      const cmd = b(1);
      if (cmd === 0x28 && b(2) === 0x6b) {
        const len = b(3) + b(4) * 256;
        if (b(5) === 0x31 && b(6) === 0x50) {
          out.qr.push(Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString("utf8"));
        }
        i += 5 + len;
      } else if (cmd === 0x76 && b(2) === 0x30) {
        const xBytes = b(4) + b(5) * 256;
        const height = b(6) + b(7) * 256;
        out.images.push({ width: xBytes * 8, height });
        i += 8 + xBytes * height;
      } else if (cmd === 0x56) {
        out.cuts++;
        out.order.push("cut");
        i += b(2) === 65 || b(2) === 66 ? 4 : 3;
      } else i += 3; // GS ! n and other one-argument commands
    } else if (c === 0x10 && b(1) === 0x04) {
      i += 3;
    } else if (c === 0x0a) {
      endLine();
      i++;
    } else if (c === 0x0d) {
      i++;
    } else {
      line += String.fromCharCode(c);
      i++;
    }
  }
  if (line.trim()) endLine();
  out.lines = out.lines.filter((l, k, all) => l !== "" || (k > 0 && all[k - 1] !== ""));
  return out;
}
