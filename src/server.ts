import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { Server } from "node:net";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { startBackupSchedule } from "./db/backup.ts";
import { type AppDatabase, describeTarget, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { ensureLanCertificate, type LanCertificate, lanAddresses } from "./lan-certificate.ts";
import { createLanServer } from "./lan-server.ts";
import { createLogger } from "./logger.ts";
import { printQueueFor } from "./services/printing/print-queue.ts";

export interface RunningServer {
  server: Server;
  database: AppDatabase;
  config: Config;
  url: string;
  /** LAN setting: the https addresses other devices use, and the certificate a phone trusts once. */
  lan?: { urls: string[]; certificate: LanCertificate };
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

/** A start-up failure with one readable line for the person starting the app. */
export class StartupError extends Error {}

/** config → database → migrations → createApp → listen. */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.database, { countStatements: config.countStatements });
  if (!(await database.ping())) {
    await database.close().catch(() => {});
    throw new StartupError(`Cannot reach ${describeTarget(config.database)}.`);
  }
  let server: Server;
  let httpServers: HttpServer[];
  let certificate: LanCertificate | undefined;
  try {
    await migrateToLatest(database.db);
    const app = createApp({ database, config, logger });
    if (config.lan) {
      certificate = await ensureLanCertificate(config.dataDir);
      const lan = createLanServer(app, certificate);
      server = lan.front;
      httpServers = lan.inner;
    } else {
      const plain = createHttpServer(app);
      server = plain;
      httpServers = [plain];
    }
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // A taken port (or any failure before listening) must not leave the database open.
    await database.close().catch(() => {});
    throw err;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const wildcard = config.host === "0.0.0.0" || config.host === "::";
  const loopback = wildcard || config.host === "::1" || config.host.startsWith("127.");
  const shownHost = wildcard ? "127.0.0.1" : config.host;
  // Under the LAN setting this computer still gets plain http (localhost is a secure context).
  const scheme = certificate && !loopback ? "https" : "http";
  const url = `${scheme}://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/`;
  const lan = certificate && {
    urls: (wildcard ? lanAddresses() : [config.host]).map((a) => `https://${a}:${port}/`),
    certificate,
  };
  const stopBackups = startBackupSchedule(database, config.dataDir, (err) =>
    logger.error({ err }, "automatic backup failed"),
  );
  // Receipts queued before a restart (or while the printer was off) go out now.
  const printQueue = printQueueFor(database.db);
  printQueue.resume().catch((err) => logger.error({ err }, "resuming the print queue failed"));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      stopBackups();
      printQueue.stop();
      await new Promise<void>((resolve) => {
        // Keep-alive connections go as soon as their in-flight request has finished;
        // a stuck client cannot hold the shutdown for more than 10 s.
        const closeIdle = () => {
          for (const s of httpServers) s.closeIdleConnections();
        };
        const idle = setInterval(closeIdle, 100);
        const force = setTimeout(() => {
          for (const s of httpServers) s.closeAllConnections();
        }, 10_000);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(force);
          resolve();
        });
        closeIdle();
      });
      await database.close();
    })();
    return stopping;
  };
  return { server, database, config, url, lan, stop };
}

/** Turns a start-up error into one line (no stack trace for the user's mistakes). */
export function describeStartupError(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StartupError) return err.message;
  const e = err as { code?: string; message?: string; port?: number };
  if (e?.code === "EADDRINUSE")
    return `The port is already in use by another program (${e.message}).`;
  if (e?.code === "EACCES") return `Not allowed to listen on that port (${e.message}).`;
  return `Could not start: ${e?.message ?? String(err)}`;
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer();
  } catch (err) {
    console.error(describeStartupError(err));
    process.exit(1);
  }
  console.log(`Smart Retail QR Billing is running at ${running.url}`);
  const shutdown = (signal: string) => {
    console.log(`${signal} received: finishing requests and closing the database…`);
    running.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(describeStartupError(err));
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGHUP", () => shutdown("SIGHUP"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main();
}
