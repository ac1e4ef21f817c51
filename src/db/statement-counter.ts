import type SQLite from "better-sqlite3";
import type * as Mysql2 from "mysql2";

/** What a counter has seen: every statement, and how many began with each verb. */
export interface StatementCounts {
  total: number;
  /** Lower-case first word of the SQL (select, insert, begin, commit, …) → count. */
  byVerb: Record<string, number>;
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
    this.#total++;
    const verb = /^\s*([A-Za-z]+)/.exec(source)?.[1]?.toLowerCase() ?? "other";
    this.#byVerb.set(verb, (this.#byVerb.get(verb) ?? 0) + 1);
  }

  get total(): number {
    return this.#total;
  }

  snapshot(): StatementCounts {
    return { total: this.#total, byVerb: Object.fromEntries(this.#byVerb) };
  }
}

const EXECUTES = new Set(["run", "get", "all", "iterate"]);

/**
 * A view of a better-sqlite3 handle whose statements count each run/get/all/
 * iterate (one execution each), and whose exec() counts one per call. The
 * wrapped statement is kept per statement, so a cached statement is wrapped once.
 */
export function countingSqlite(
  handle: SQLite.Database,
  counter: StatementCounter,
): SQLite.Database {
  const wrapped = new WeakMap<SQLite.Statement, SQLite.Statement>();
  const wrap = (stmt: SQLite.Statement): SQLite.Statement => {
    let view = wrapped.get(stmt);
    if (!view) {
      view = new Proxy(stmt, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (typeof value !== "function") return value;
          if (typeof prop === "string" && EXECUTES.has(prop))
            return (...args: unknown[]) => {
              counter.count(target.source);
              return value.apply(target, args);
            };
          return value.bind(target);
        },
      });
      wrapped.set(stmt, view);
    }
    return view;
  };
  return new Proxy(handle, {
    get(target, prop) {
      if (prop === "prepare") return (source: string) => wrap(target.prepare(source));
      if (prop === "exec")
        return (source: string) => {
          counter.count(source);
          return target.exec(source);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
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
