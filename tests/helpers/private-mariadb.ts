import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";

export const MARIADBD = "/usr/sbin/mariadbd";

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/**
 * A throwaway MariaDB server of our own (own data directory and port), so a
 * test can stop and start it without touching the shared server other suites use.
 */
export class PrivateMariaDb {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(path.join(tmpdir(), "srqb-mariadb-"));
  constructor(readonly port: number) {}

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}/shop`;
  }

  static async create(): Promise<PrivateMariaDb> {
    const db = new PrivateMariaDb(await freePort());
    execFileSync(
      "mariadb-install-db",
      [
        "--no-defaults",
        `--datadir=${db.dir}/data`,
        "--user=root",
        "--auth-root-authentication-method=normal",
      ],
      { stdio: "ignore" },
    );
    await db.start();
    const conn = await createConnection({ host: "127.0.0.1", port: db.port, user: "root" });
    await conn.query("CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    await conn.end();
    return db;
  }

  async start(): Promise<void> {
    this.child = spawn(
      MARIADBD,
      [
        "--no-defaults",
        `--datadir=${this.dir}/data`,
        `--port=${this.port}`,
        "--bind-address=127.0.0.1",
        `--socket=${this.dir}/mysqld.sock`,
        `--pid-file=${this.dir}/mysqld.pid`,
        "--user=root",
        "--skip-log-error",
        "--innodb-buffer-pool-size=32M",
      ],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const conn = await createConnection({ host: "127.0.0.1", port: this.port, user: "root" });
        await conn.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error("private MariaDB did not start within 30 s");
  }

  /** Stops the server abruptly (an outage), and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
