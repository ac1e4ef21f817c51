import type SQLite from "better-sqlite3";
import type { Connection } from "mysql2/promise";

/**
 * Bulk row writer for the generator: multi-row INSERTs with explicit ids in
 * big transactions. Not the app path (that goes through the repositories);
 * the generator only has to produce rows the app would have written.
 */
export interface BulkWriter {
  readonly dialect: "sqlite" | "mysql";
  /** Queues rows of one table; flushes in batches. */
  table(name: string, columns: string[]): TableSink;
  /** Flushes every sink and commits the open transaction. */
  commit(): Promise<void>;
  exec(sqlText: string): Promise<void>;
}

export interface TableSink {
  add(row: unknown[]): Promise<void> | void;
  readonly count: number;
}

const SQLITE_BATCH = 100;
const MYSQL_BATCH = 2000;

/** better-sqlite3 writer: cached multi-row prepared statements, one transaction per commit. */
export function sqliteWriter(handle: SQLite.Database): BulkWriter {
  const sinks: Array<{ flush(): void }> = [];
  let inTx = false;
  const begin = () => {
    if (!inTx) {
      handle.exec("BEGIN");
      inTx = true;
    }
  };
  return {
    dialect: "sqlite",
    table(name, columns) {
      const cols = columns.map((c) => `"${c}"`).join(", ");
      const one = `(${columns.map(() => "?").join(", ")})`;
      const stmts = new Map<number, SQLite.Statement>();
      const stmtFor = (rows: number) => {
        let s = stmts.get(rows);
        if (!s) {
          s = handle.prepare(
            `INSERT INTO "${name}" (${cols}) VALUES ${Array(rows).fill(one).join(", ")}`,
          );
          stmts.set(rows, s);
        }
        return s;
      };
      let buffer: unknown[] = [];
      let rowsInBuffer = 0;
      let count = 0;
      const flush = () => {
        if (rowsInBuffer === 0) return;
        begin();
        stmtFor(rowsInBuffer).run(buffer);
        buffer = [];
        rowsInBuffer = 0;
      };
      sinks.push({ flush });
      return {
        add(row) {
          for (const v of row) buffer.push(v);
          rowsInBuffer++;
          count++;
          if (rowsInBuffer === SQLITE_BATCH) flush();
        },
        get count() {
          return count;
        },
      };
    },
    async commit() {
      for (const s of sinks) s.flush();
      if (inTx) handle.exec("COMMIT");
      inTx = false;
    },
    async exec(sqlText) {
      handle.exec(sqlText);
    },
  };
}

/** mysql2 writer: `INSERT … VALUES ?` with nested arrays on one connection. */
export function mysqlWriter(conn: Connection): BulkWriter {
  const sinks: Array<{ flush(): Promise<void> }> = [];
  let inTx = false;
  const begin = async () => {
    if (!inTx) {
      await conn.query("START TRANSACTION");
      inTx = true;
    }
  };
  return {
    dialect: "mysql",
    table(name, columns) {
      const cols = columns.map((c) => `\`${c}\``).join(", ");
      let buffer: unknown[][] = [];
      let count = 0;
      const flush = async () => {
        if (buffer.length === 0) return;
        const rows = buffer;
        buffer = [];
        await begin();
        await conn.query(`INSERT INTO \`${name}\` (${cols}) VALUES ?`, [rows]);
      };
      sinks.push({ flush });
      return {
        async add(row) {
          buffer.push(row);
          count++;
          if (buffer.length === MYSQL_BATCH) await flush();
        },
        get count() {
          return count;
        },
      };
    },
    async commit() {
      for (const s of sinks) await s.flush();
      if (inTx) await conn.query("COMMIT");
      inTx = false;
    },
    async exec(sqlText) {
      await conn.query(sqlText);
    },
  };
}
