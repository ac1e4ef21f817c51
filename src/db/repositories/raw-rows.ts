import { CompiledQuery, type QueryResult } from "kysely";
import type { Executor } from "../types.ts";

/**
 * The few multi-row statements a completion runs (stock movements, product
 * rollups, line figures, stock) written as SQL text: Kysely's builder made and
 * compiled a node per value (10 lines × 7 columns), ~16 % of a completion's
 * server time with its other statements. The text is SQL both dialects read:
 * identifiers in backticks (SQLite takes them too; `change` is reserved on
 * MySQL) and `?` placeholders; the values still go as parameters, never into
 * the text.
 */

/** Runs one statement as written, with its parameters, on the executor (or its transaction). */
export function runRaw<R = unknown>(
  db: Executor,
  text: string,
  params: readonly unknown[],
): Promise<QueryResult<R>> {
  return db.executeQuery<R>(CompiledQuery.raw(text, [...params]));
}

const groups = new Map<string, string>();

/** "(?, ?), (?, ?)": `rows` groups of `columns` placeholders (remembered per shape). */
export function placeholderRows(rows: number, columns: number): string {
  const key = `${rows}x${columns}`;
  let text = groups.get(key);
  if (text === undefined) {
    const one = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
    text = Array.from({ length: rows }, () => one).join(", ");
    if (groups.size > 1000) groups.clear();
    groups.set(key, text);
  }
  return text;
}

/** "?, ?, ?": a list of `n` placeholders. */
export function placeholderList(n: number): string {
  return placeholderRows(1, n).slice(1, -1);
}

/** `CASE \`key\` WHEN ? THEN ? … END` over `n` pairs (the parameters go key, value, key, value …). */
export function caseOf(key: string, n: number): string {
  return `CASE \`${key}\` ${Array.from({ length: n }, () => "WHEN ? THEN ?").join(" ")} END`;
}

const setLists = new Map<string, string>();

/** "\`a\` = ?, \`b\` = ?" for the columns (names from code, never from input; remembered per list). */
export function setList(columns: readonly string[]): string {
  const key = columns.join(",");
  let text = setLists.get(key);
  if (text === undefined) {
    text = columns.map((c) => `\`${c}\` = ?`).join(", ");
    if (setLists.size > 200) setLists.clear();
    setLists.set(key, text);
  }
  return text;
}
