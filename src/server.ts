import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type AppDatabase, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";

export interface RunningServer {
  server: Server;
  database: AppDatabase;
  config: Config;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

/** A start-up failure with one readable line for the person starting the app. */
export class StartupError extends Error {}

/** config → database → migrations → createApp → listen. */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.database);
  if (!(await database.ping())) {
    await database.close().catch(() => {});
    const where =
      config.database.dialect === "mysql"
        ? new URL(config.database.url).host
        : config.database.file;
    throw new StartupError(`Cannot reach the ${config.database.dialect} database at ${where}.`);
  }
  await migrateToLatest(database.db);
  const app = createApp({ database, config, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await database.close();
    })();
    return stopping;
  };
  return { server, database, config, url, stop };
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
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main();
}
