import { type Expression, type SqlBool, sql } from "kysely";
import { isSqlite } from "./dialect.ts";
import type { Executor } from "./types.ts";

/**
 * An index-friendly "column starts with prefix" condition on either dialect.
 *
 * SQLite only uses an index for LIKE on NOCASE columns, so there it is a range
 * on the binary collation: column >= prefix AND column < prefix + U+10FFFF
 * (the highest code point, so every continuation sorts below it). MySQL's
 * collations order punctuation and digits differently from bytes, so a
 * hand-made upper bound is unsafe there; LIKE 'prefix%' is a range scan on
 * MySQL/MariaDB.
 */
export function startsWith(db: Executor, column: string, prefix: string): Expression<SqlBool> {
  const ref = sql.ref(column);
  if (isSqlite(db)) {
    return sql<SqlBool>`(${ref} >= ${prefix} and ${ref} < ${`${prefix}\u{10FFFF}`})`;
  }
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${ref} like ${pattern}`;
}
