import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../src/db/types.ts";

/** Payloads that must be rendered escaped, never as markup. */
export const XSS = {
  script: '<script>alert("srqb-xss")</script>',
  attribute: `" onmouseover="alert('srqb-attr')`,
  img: "'><img src=x onerror=alert('srqb-img')>",
};

/**
 * The hostile-input corpus (issue 10, proof 4): injection, markup, huge and
 * odd strings, every kind of broken number. The default run uses the first
 * entry of each kind; RELIABILITY_LONG=1 runs them all.
 */
export const CORPUS: Record<string, string[]> = {
  sql: [
    "' OR '1'='1",
    "1; DROP TABLE bills; --",
    "1' UNION SELECT password_hash FROM users --",
    '" OR ""="',
    "%' AND 1=0 UNION SELECT sid FROM sessions --",
  ],
  markup: [
    XSS.script,
    XSS.attribute,
    XSS.img,
    "javascript:alert(1)",
    "{{7*7}}<%= 7*7 %>$" + "{7*7}",
  ],
  huge: ["A".repeat(1_000_000), "ॐ".repeat(100_000)],
  control: ["a\u0000b", "\u0001\u0002\u001b[31m\r\n\t\u007f", "\u202Eevil\u200B", "\uD800"],
  unicode: ["😀👍🏽 नमस्ते दुकान", "किराना स्टोर १२३", "Ünïcödé ñ 中文 العربية"],
  numbers: [
    "-1",
    "0",
    "NaN",
    "1e308",
    "1e5",
    "-0",
    "Infinity",
    "0x10",
    "99999999999999999999999",
    "1.005",
    "12,34",
    " 7 ",
  ],
  empty: ["", " "],
};

export function corpusFor(long: boolean): Array<{ kind: string; value: string }> {
  return Object.entries(CORPUS).flatMap(([kind, values]) =>
    (long ? values : values.slice(0, kind === "numbers" ? 5 : 1)).map((value) => ({
      kind,
      value,
    })),
  );
}

/** Tables that must not change at all (no row added, removed or updated) when a request is refused. */
export const WATCHED = [
  "shop_settings",
  "users",
  "customers",
  "customer_name_keys",
  "products",
  "product_import_rows",
  "stock_movements",
  "bills",
  "bill_lines",
  "bill_prints",
  "customer_stats",
  "counters",
];

/**
 * Row count and a checksum of every row's content per watched table:
 * "users=2:1f0c… products=5:9a41… …". An UPDATE changes the checksum even
 * when no row is added, so "nothing was saved" checks catch it.
 */
export async function tableDigest(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const table of WATCHED) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    const lines = rows
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v)))
      .sort();
    const hash = createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 12);
    parts.push(`${table}=${rows.length}:${hash}`);
  }
  return parts.join(" ");
}

/** Field names of every <input>, <select> and <textarea> in a page, per form target. */
export function formsIn(html: string): Array<{ target: string | null; fields: string[] }> {
  const forms: Array<{ target: string | null; fields: string[] }> = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? "";
    const target = /\b(?:hx-post|action)="([^"]*)"/.exec(attrs)?.[1] ?? null;
    forms.push({ target, fields: fieldNames(m[2] ?? "") });
  }
  return forms;
}

export function fieldNames(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)) {
    if (m[1] && m[1] !== "_csrf") names.add(m[1]);
  }
  return [...names];
}
