import type { SqliteDatabase, SqliteStatement } from "kysely";
import type * as Mysql2 from "mysql2";

/** What a counter has seen: every statement, and how many began with each verb. */
export interface StatementCounts {
  total: number;
  /** Lower-case first word of the SQL (select, insert, begin, commit, …) → count. */
  byVerb: Record<string, number>;
}

/** Lower-case first word of the SQL: select, insert, begin, commit, … ("other" when none). */
export function verbOf(source: string): string {
  return /^\s*([A-Za-z]+)/.exec(source)?.[1]?.toLowerCase() ?? "other";
}

/**
 * Counts the statements the driver runs (SRQB_COUNT_STATEMENTS=1, for the
 * bench's statements-per-request figure). Counted where the driver executes,
 * below Kysely, so BEGIN/COMMIT/ROLLBACK and savepoints count like any query.
 */
export class StatementCounter {
  #total = 0;
  readonly #byVerb = new Map<string, number>();

  count(source: string): void {
    this.countVerb(verbOf(source));
  }

  /** One statement whose verb is already known (verbOf). */
  countVerb(verb: string): void {
    this.#total++;
    this.#byVerb.set(verb, (this.#byVerb.get(verb) ?? 0) + 1);
  }

  get total(): number {
    return this.#total;
  }

  snapshot(): StatementCounts {
    return { total: this.#total, byVerb: Object.fromEntries(this.#byVerb) };
  }
}

/**
 * A view of Kysely's SQLite database whose statements count each run/all/
 * iterate (one execution each). Plain objects, no Proxy: the bench runs the
 * server with counting on, so what it measures must cost what a shop's
 * server costs. The view of a statement is kept per statement (a cached
 * statement is wrapped once) and its verb is worked out once.
 */
export function countingSqlite(db: SqliteDatabase, counter: StatementCounter): SqliteDatabase {
  const wrapped = new WeakMap<SqliteStatement, SqliteStatement>();
  const wrap = (stmt: SqliteStatement, source: string): SqliteStatement => {
    let view = wrapped.get(stmt);
    if (!view) {
      const verb = verbOf(source);
      view = {
        reader: stmt.reader,
        all: (parameters) => {
          counter.countVerb(verb);
          return stmt.all(parameters);
        },
        run: (parameters) => {
          counter.countVerb(verb);
          return stmt.run(parameters);
        },
        iterate: (parameters) => {
          counter.countVerb(verb);
          return stmt.iterate(parameters);
        },
      };
      wrapped.set(stmt, view);
    }
    return view;
  };
  return {
    prepare: (source) => wrap(db.prepare(source), source),
    close: () => db.close(),
  };
}

/**
 * Makes a mysql2 pool count every query()/execute() on each of its
 * connections (Kysely sends everything, BEGIN/COMMIT included, through
 * query()). Call before anything else listens for "connection", so the
 * per-connection set-up statements count too.
 */
export function countingMysqlPool(pool: Mysql2.Pool, counter: StatementCounter): void {
  pool.on("connection", (conn) => {
    for (const name of ["query", "execute"] as const) {
      const original = conn[name] as (...args: unknown[]) => unknown;
      (conn as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        const first = args[0];
        counter.count(
          typeof first === "string" ? first : String((first as { sql?: string })?.sql ?? ""),
        );
        return original.apply(conn, args);
      };
    }
  });
}
