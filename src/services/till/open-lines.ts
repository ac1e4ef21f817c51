import type { LineWithStock } from "../../db/repositories/bills.repo.ts";
import type { Db } from "../../db/types.ts";

/**
 * The lines of the open bills this process last wrote, so a scan does not
 * read a bill's every line again (a 200-line bill's read cost ten times a
 * 20-line one's). Correct across processes and tabs because of bills.revision:
 * every transaction that changes an open bill's lines first claims its row,
 * which moves the revision on in that same transaction (bills.repo
 * lockOpenBill, updateBillIfStatus). A scan's claim reads revision r: the
 * lines remembered at r − 1 are the bill's lines exactly when nobody claimed
 * it in between. Entries are stored only after their transaction committed
 * (remember), never from inside it, and only lines known to be the latest: a
 * scan that read them from an older snapshot (the server database, another
 * edit committed between its first read and its claim) keeps nothing.
 *
 * Each line's `stock` is the product's stock when the line was last read or
 * scanned here; only the till's "left" column shows it.
 */
const MAX_BILLS = 256;

interface Entry {
  revision: number;
  lines: readonly LineWithStock[];
}

/** Per database (a test process opens many), bill id → its lines at a revision. */
const byDatabase = new WeakMap<Db, Map<number, Entry>>();

function entriesOf(db: Db): Map<number, Entry> {
  let entries = byDatabase.get(db);
  if (!entries) {
    entries = new Map();
    byDatabase.set(db, entries);
  }
  return entries;
}

/** The bill's lines when they were remembered at `revision`, else undefined. */
export function linesAt(db: Db, billId: number, revision: number): LineWithStock[] | undefined {
  const entry = byDatabase.get(db)?.get(billId);
  return entry && entry.revision === revision ? [...entry.lines] : undefined;
}

/** Remembers a committed bill's lines at its revision (the oldest bill goes first past MAX_BILLS). */
export function remember(
  db: Db,
  billId: number,
  revision: number,
  lines: readonly LineWithStock[],
) {
  const entries = entriesOf(db);
  entries.delete(billId);
  if (entries.size >= MAX_BILLS) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(billId, { revision, lines });
}
