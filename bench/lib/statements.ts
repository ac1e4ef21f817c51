import type { StatementCounts } from "../../src/db/statement-counter.ts";

/** The server's statement counts so far (SRQB_COUNT_STATEMENTS=1), or null when it does not count. */
export async function readStatements(base: string): Promise<StatementCounts | null> {
  const res = await fetch(`${base}/__bench/statements`, { redirect: "manual" });
  if (res.status !== 200) {
    await res.text();
    return null;
  }
  return (await res.json()) as StatementCounts;
}

/** Statements the server ran per request, in all and by verb (begin, select, …). */
export interface StatementsPerRequest {
  perRequest: number;
  requests: number;
  byVerb: Record<string, number>;
}

/**
 * Adds up the statements of windows in which only the measured requests
 * reached the server; null when the server does not count.
 */
export class StatementTally {
  #requests = 0;
  #total = 0;
  #byVerb: Record<string, number> = {};
  #missing = false;

  /** Reads the counts, runs `work` (which makes `requests` requests), reads them again. */
  async during<T>(
    base: string,
    requests: number | ((out: T) => number),
    work: () => Promise<T>,
  ): Promise<T> {
    const before = await readStatements(base);
    const out = await work();
    const after = await readStatements(base);
    if (!before || !after) {
      this.#missing = true;
      return out;
    }
    this.#requests += typeof requests === "number" ? requests : requests(out);
    this.#total += after.total - before.total;
    for (const [verb, n] of Object.entries(after.byVerb)) {
      const d = n - (before.byVerb[verb] ?? 0);
      if (d) this.#byVerb[verb] = (this.#byVerb[verb] ?? 0) + d;
    }
    return out;
  }

  result(): StatementsPerRequest | null {
    if (this.#missing || this.#requests === 0) return null;
    const per = (n: number) => Math.round((n / this.#requests) * 100) / 100;
    return {
      perRequest: per(this.#total),
      requests: this.#requests,
      byVerb: Object.fromEntries(Object.entries(this.#byVerb).map(([v, n]) => [v, per(n)])),
    };
  }
}

/** "14 (begin 1, select 7, update 3, commit 1 …)" for a table note. */
export function describeStatements(s: StatementsPerRequest): string {
  const verbs = Object.entries(s.byVerb)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} ${n}`)
    .join(", ");
  return `${s.perRequest} statements per request over ${s.requests} requests (${verbs})`;
}
