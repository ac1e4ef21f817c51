import type { Insertable, Updateable } from "kysely";
import { isSqlite } from "../dialect.ts";
import type { Bill, BillLine, BillLineTable, BillStatus, BillTable, Executor } from "../types.ts";
import { caseOf, placeholderList, runRaw, setList } from "./raw-rows.ts";

/** Inserts a bill and returns its id (insertId: MySQL has no RETURNING). */
export async function insertBill(db: Executor, row: Insertable<BillTable>): Promise<number> {
  const result = await db.insertInto("bills").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function findBillById(db: Executor, id: number): Promise<Bill | undefined> {
  // Read on every scan and completion: as SQL text (raw-rows.ts), no builder.
  return (await runRaw<Bill>(db, "SELECT * FROM `bills` WHERE `id` = ?", [id])).rows[0];
}

/** The cashier's open bill (unique index on open_for). */
export async function findOpenBill(db: Executor, cashierId: number): Promise<Bill | undefined> {
  return (await runRaw<Bill>(db, "SELECT * FROM `bills` WHERE `open_for` = ?", [cashierId]))
    .rows[0];
}

/**
 * The cashier's open bill as committed now, inside the caller's transaction:
 * after its own insert lost to another tab's. On MySQL a plain SELECT reads the
 * transaction's snapshot, which may be older than that bill; FOR UPDATE reads
 * (and locks) the latest row. SQLite transactions are serialised.
 */
export async function findOpenBillNow(db: Executor, cashierId: number): Promise<Bill | undefined> {
  let q = db.selectFrom("bills").selectAll().where("open_for", "=", cashierId);
  if (!isSqlite(db)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateBill(
  db: Executor,
  id: number,
  changes: Updateable<BillTable>,
): Promise<void> {
  await db.updateTable("bills").set(changes).where("id", "=", id).execute();
}

/**
 * Updates a bill only while it is in `from` status; returns true when it did.
 * On MySQL the UPDATE locks the row, so a second completion of the same bill
 * waits and then finds the status already changed.
 */
export async function updateBillIfStatus(
  db: Executor,
  id: number,
  from: BillStatus[],
  changes: Updateable<BillTable>,
): Promise<boolean> {
  // Every scan and completion claims the bill here: SQL text (raw-rows.ts), one per column list.
  const columns = Object.keys(changes).filter(
    (k) => changes[k as keyof typeof changes] !== undefined,
  ) as Array<keyof typeof changes>;
  const set = columns.length ? `${setList(columns)}, ` : "";
  const text = `UPDATE \`bills\` SET ${set}\`revision\` = \`revision\` + 1 WHERE \`id\` = ? AND \`status\` IN (${placeholderList(from.length)})`;
  const result = await runRaw(db, text, [...columns.map((k) => changes[k]), id, ...from]);
  return Number(result.numAffectedRows) === 1;
}

/**
 * Voids a completed bill that has no returns, in one conditional update (a
 * return claims the same row first: services/returns/returns.ts); false when
 * the bill is not completed or has a credit note.
 */
export async function voidIfNoReturns(
  db: Executor,
  id: number,
  changes: Updateable<BillTable>,
): Promise<boolean> {
  const result = await db
    .updateTable("bills")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", "completed")
    .where("return_count", "=", 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Locks a bill for a change while it is still the cashier's open bill and
 * returns it; undefined when it no longer is (a completion may have just
 * taken it). Callers find the id before their transaction and make this its
 * first statement, so on MySQL the row lock is held before anything is read
 * and the reads that follow see every change committed before it (InnoDB
 * takes its read snapshot at the first plain read). It locks by primary key
 * only, like a completion's claim, so the two queue instead of deadlocking.
 */
export async function lockOpenBill(
  db: Executor,
  billId: number,
  cashierId: number,
  now: string,
): Promise<Bill | undefined> {
  const result = await db
    .updateTable("bills")
    .set((eb) => ({ updated_at: now, revision: eb("revision", "+", 1) }))
    .where("id", "=", billId)
    .where("open_for", "=", cashierId)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return findBillById(db, billId);
}

/** The bill a line is on (any status), for telling "just completed" from "gone". */
export async function findBillOfLine(
  db: Executor,
  lineId: number,
): Promise<Pick<Bill, "id" | "status" | "cashier_id"> | undefined> {
  return db
    .selectFrom("bill_lines")
    .innerJoin("bills", "bills.id", "bill_lines.bill_id")
    .select(["bills.id", "bills.status", "bills.cashier_id"])
    .where("bill_lines.id", "=", lineId)
    .executeTakeFirst();
}

export async function deleteBill(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("bill_lines").where("bill_id", "=", id).execute();
  await db.deleteFrom("bills").where("id", "=", id).execute();
}

export interface HeldBillRow {
  id: number;
  held_at: string | null;
  cashier_id: number;
  cashier_name: string;
  customer_name: string | null;
  customer_phone: string | null;
  line_count: number;
}

/** Held bills, most recently held first, with their line counts. */
export async function listHeldBills(db: Executor, limit = 20): Promise<HeldBillRow[]> {
  const rows = await db
    .selectFrom("bills")
    .innerJoin("users", "users.id", "bills.cashier_id")
    .leftJoin("customers", "customers.id", "bills.customer_id")
    .select((eb) => [
      "bills.id",
      "bills.held_at",
      "bills.cashier_id",
      "users.display_name as cashier_name",
      "customers.name as customer_name",
      "customers.phone as customer_phone",
      eb
        .selectFrom("bill_lines")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("bill_lines.bill_id", "=", "bills.id")
        .as("line_count"),
    ])
    .where("bills.status", "=", "held")
    .orderBy("bills.held_at", "desc")
    .orderBy("bills.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, line_count: Number(r.line_count ?? 0) }));
}

export async function listLines(db: Executor, billId: number): Promise<BillLine[]> {
  return db
    .selectFrom("bill_lines")
    .selectAll()
    .where("bill_id", "=", billId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function findLine(
  db: Executor,
  billId: number,
  lineId: number,
): Promise<BillLine | undefined> {
  return db
    .selectFrom("bill_lines")
    .selectAll()
    .where("bill_id", "=", billId)
    .where("id", "=", lineId)
    .executeTakeFirst();
}

export async function findLineByProduct(
  db: Executor,
  billId: number,
  productId: number,
): Promise<BillLine | undefined> {
  return db
    .selectFrom("bill_lines")
    .selectAll()
    .where("bill_id", "=", billId)
    .where("product_id", "=", productId)
    .orderBy("id")
    .executeTakeFirst();
}

export async function insertLine(db: Executor, row: Insertable<BillLineTable>): Promise<number> {
  const result = await db.insertInto("bill_lines").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function updateLine(
  db: Executor,
  lineId: number,
  changes: Updateable<BillLineTable>,
): Promise<void> {
  await db.updateTable("bill_lines").set(changes).where("id", "=", lineId).execute();
}

export type LineFigures = Pick<
  BillLine,
  "id" | "discount" | "taxable_value" | "tax_amount" | "line_total"
>;

/** Lines per statement: 9 parameters each. */
const LINES_PER_UPDATE = 200;

/**
 * Writes the computed figures of a bill's lines (completion): one UPDATE per
 * chunk of lines, a CASE on the line id per column, instead of one per line.
 */
export async function updateLineFigures(
  db: Executor,
  billId: number,
  rows: LineFigures[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += LINES_PER_UPDATE) {
    const chunk = rows.slice(i, i + LINES_PER_UPDATE);
    const byId = caseOf("id", chunk.length);
    const figures = (column: Exclude<keyof LineFigures, "id">) =>
      chunk.flatMap((r) => [r.id, r[column]]);
    await runRaw(
      db,
      `UPDATE \`bill_lines\` SET \`discount\` = ${byId}, \`taxable_value\` = ${byId}, \`tax_amount\` = ${byId}, \`line_total\` = ${byId} WHERE \`bill_id\` = ? AND \`id\` IN (${placeholderList(chunk.length)})`,
      [
        ...figures("discount"),
        ...figures("taxable_value"),
        ...figures("tax_amount"),
        ...figures("line_total"),
        billId,
        ...chunk.map((r) => r.id),
      ],
    );
  }
}

/** Adds `delta` to a line's quantity in one statement (no read-modify-write). */
export async function bumpLineQty(db: Executor, lineId: number, delta: number): Promise<void> {
  await runRaw(db, "UPDATE `bill_lines` SET `qty` = `qty` + ? WHERE `id` = ?", [delta, lineId]);
}

export async function deleteLine(db: Executor, billId: number, lineId: number): Promise<void> {
  await db
    .deleteFrom("bill_lines")
    .where("bill_id", "=", billId)
    .where("id", "=", lineId)
    .execute();
}

export async function maxLinePosition(db: Executor, billId: number): Promise<number> {
  const row = await db
    .selectFrom("bill_lines")
    .select((eb) => eb.fn.max<number>("position").as("p"))
    .where("bill_id", "=", billId)
    .executeTakeFirst();
  return Number(row?.p ?? 0);
}

export type LineWithStock = BillLine & { stock: number; active: number };

/** A bill's lines with each product's current stock (for "left" on the till). */
export async function listLinesWithStock(db: Executor, billId: number): Promise<LineWithStock[]> {
  const rows = await db
    .selectFrom("bill_lines")
    .innerJoin("products", "products.id", "bill_lines.product_id")
    .selectAll("bill_lines")
    .select(["products.stock as stock", "products.active as active"])
    .where("bill_lines.bill_id", "=", billId)
    .orderBy("bill_lines.position")
    .orderBy("bill_lines.id")
    .execute();
  return rows.map((r) => ({ ...r, stock: Number(r.stock), active: Number(r.active) }));
}
