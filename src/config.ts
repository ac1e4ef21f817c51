import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";

/** Thrown for a setting the app cannot start with; its message is one readable line. */
export class ConfigError extends Error {}

export type DatabaseTarget =
  | { dialect: "sqlite"; file: string }
  | { dialect: "mysql"; url: string; database: string };

export interface Config {
  port: number;
  host: string;
  /** LAN=1: listen on all interfaces over HTTPS with the certificate kept in dataDir/certs. */
  lan: boolean;
  dataDir: string;
  database: DatabaseTarget;
  sessionSecret: string;
  sessionIdleMinutes: number;
  logLevel: string;
  isProduction: boolean;
  /** false when BROWSER=none: never try to open a window. */
  openBrowser: boolean;
  /** Failed logins for one username within the window before it is locked. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Login attempts (failed ones) from one address within the window before it gets 429. */
  loginMaxPerAddress: number;
  /** BENCH_BASELINE=1: mount the bench's constant route (npm run bench only). */
  benchBaseline?: boolean;
  /** SRQB_COUNT_STATEMENTS=1: count every database statement, readable on GET /__bench/statements (npm run bench only). */
  countStatements?: boolean;
  /** SRQB_I18N_MARK=1 (tests only): every catalogue text is wrapped in invisible marks (src/i18n/i18n.ts). */
  i18nMark?: boolean;
}

const APP_DIR_NAME = "smart-retail-qr-billing";

/** The per-user data directory of this OS, used when DATA_DIR is not set. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === "win32" && env.APPDATA) return path.join(env.APPDATA, APP_DIR_NAME);
  if (process.platform === "darwin") {
    return path.join(homedir(), "Library", "Application Support", APP_DIR_NAME);
  }
  const base = env.XDG_DATA_HOME || path.join(homedir(), ".local", "share");
  return path.join(base, APP_DIR_NAME);
}

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: "PORT must be a number" })
    .int("PORT must be a whole number")
    .min(0, "PORT must be between 0 and 65535")
    .max(65535, "PORT must be between 0 and 65535")
    .default(3170),
  HOST: z.string().min(1, "HOST must not be empty").optional(),
  LAN: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""], {
        message: "LAN must be 1 (on) or 0 (off)",
      }),
    )
    .optional(),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ message: "SESSION_IDLE_MINUTES must be a number" })
    .int()
    .min(1, "SESSION_IDLE_MINUTES must be at least 1")
    .default(480),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
  BROWSER: z.string().optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  BENCH_BASELINE: z.string().optional(),
  SRQB_COUNT_STATEMENTS: z.string().optional(),
  SRQB_I18N_MARK: z.string().optional(),
});

/** Parses a DATABASE_URL (`sqlite:<path>` or `mysql://user:pass@host:port/db`). */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseTarget {
  if (!raw) return { dialect: "sqlite", file: path.join(dataDir, "shop.sqlite") };
  if (raw.startsWith("sqlite:")) {
    const file = raw.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!file)
      throw new ConfigError("DATABASE_URL sqlite: needs a file path, e.g. sqlite:./shop.sqlite");
    return { dialect: "sqlite", file: file === ":memory:" ? file : path.resolve(file) };
  }
  if (raw.startsWith("mysql://") || raw.startsWith("mariadb://")) {
    let url: URL;
    try {
      url = new URL(raw.replace(/^mariadb:/, "mysql:"));
    } catch {
      throw new ConfigError(
        "DATABASE_URL is not a valid URL (expected mysql://user:pass@host:port/db)",
      );
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
    if (!url.hostname)
      throw new ConfigError("DATABASE_URL has no host (mysql://user:pass@host:port/db)");
    if (!database)
      throw new ConfigError("DATABASE_URL has no database name (mysql://user:pass@host:port/db)");
    return { dialect: "mysql", url: url.toString(), database };
  }
  throw new ConfigError(
    "DATABASE_URL must start with sqlite: or mysql:// (e.g. mysql://user:pass@127.0.0.1:3306/shop)",
  );
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 16) return secret;
  }
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and validates the settings; the only place that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid setting ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR ?? defaultDataDir(env));
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError(`Cannot create the data directory ${dataDir}: ${(err as Error).message}`);
  }
  const lan = ["1", "true", "yes", "on"].includes(e.LAN ?? "");
  return {
    port: e.PORT,
    // Loopback only unless the LAN setting (or an explicit HOST) says otherwise.
    host: e.HOST ?? (lan ? "0.0.0.0" : "127.0.0.1"),
    lan,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir),
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    logLevel: e.LOG_LEVEL,
    isProduction: e.NODE_ENV === "production",
    openBrowser: (e.BROWSER ?? "").toLowerCase() !== "none",
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    loginMaxPerAddress: e.LOGIN_MAX_PER_ADDRESS,
    benchBaseline: e.BENCH_BASELINE === "1",
    countStatements: e.SRQB_COUNT_STATEMENTS === "1",
    i18nMark: e.SRQB_I18N_MARK === "1",
  };
}
