import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-config-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** loadConfig's error for env, which must be a ConfigError with one readable line. */
function configError(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain("\n");
    expect(message.length).toBeLessThan(200);
    return message;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

describe("config", () => {
  it("defaults: loopback, port 3170, SQLite in the data directory", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(3170);
    expect(config.database).toEqual({ dialect: "sqlite", file: path.join(dir, "shop.sqlite") });
    expect(config.loginMaxPerAddress).toBe(20);
  });

  it.each([
    ["abc", /PORT/],
    ["70000", /PORT must be between 0 and 65535/],
    ["-1", /PORT must be between 0 and 65535/],
    ["80.5", /PORT must be a whole number/],
  ])("rejects PORT=%s with one line", (port, message) => {
    expect(configError({ PORT: port })).toMatch(message);
  });

  it.each([
    ["postgres://u:p@host/db", /must start with sqlite: or mysql:\/\//],
    ["mysql://", /DATABASE_URL/],
    ["mysql://user:pass@db.local:3306", /no database name/],
    ["mysql://user:pass@db.local:3306/", /no database name/],
    ["mysql://user:pass@[bad/shop", /not a valid URL/],
    ["sqlite:", /needs a file path/],
    ["shop.sqlite", /must start with sqlite: or mysql:\/\//],
  ])("rejects DATABASE_URL=%s with one line", (url, message) => {
    expect(configError({ DATABASE_URL: url })).toMatch(message);
  });

  it("accepts sqlite: and mysql:// URLs", () => {
    const dir = dataDir();
    const file = path.join(dir, "x.sqlite");
    expect(loadConfig({ DATA_DIR: dir, DATABASE_URL: `sqlite:${file}` }).database).toEqual({
      dialect: "sqlite",
      file,
    });
    const mysql = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: "mysql://u:p%40ss@10.0.0.5:3307/shop",
    });
    expect(mysql.database).toMatchObject({ dialect: "mysql", database: "shop" });
  });

  it("rejects a short SESSION_SECRET and bad numbers", () => {
    expect(configError({ SESSION_SECRET: "short" })).toMatch(/SESSION_SECRET/);
    expect(configError({ SESSION_IDLE_MINUTES: "0" })).toMatch(/SESSION_IDLE_MINUTES/);
    expect(configError({ LOG_LEVEL: "loud" })).toMatch(/LOG_LEVEL/);
  });

  it("generates SESSION_SECRET on first run, keeps it in DATA_DIR, and reuses it", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, "session-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first.sessionSecret);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first.sessionSecret);
    // Another data directory gets its own secret; an explicit one wins and is not written.
    expect(loadConfig({ DATA_DIR: dataDir() }).sessionSecret).not.toBe(first.sessionSecret);
    const given = "given-secret-given-secret";
    const other = dataDir();
    expect(loadConfig({ DATA_DIR: other, SESSION_SECRET: given }).sessionSecret).toBe(given);
    expect(() => statSync(path.join(other, "session-secret"))).toThrow();
  });

  it("BROWSER=none turns off opening a window", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), BROWSER: "none" }).openBrowser).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir() }).openBrowser).toBe(true);
  });

  it("counts statements only with SRQB_COUNT_STATEMENTS=1", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), SRQB_COUNT_STATEMENTS: "1" }).countStatements).toBe(
      true,
    );
    expect(loadConfig({ DATA_DIR: dataDir(), SRQB_COUNT_STATEMENTS: "0" }).countStatements).toBe(
      false,
    );
    expect(loadConfig({ DATA_DIR: dataDir() }).countStatements).toBe(false);
  });
});
