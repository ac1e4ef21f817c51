import type { Insertable } from "kysely";
import type { Executor, ProductImportRowTable } from "../types.ts";

/**
 * Staged CSV imports. Rows are staged in short transactions, then applied to
 * products with a few set-based statements in one transaction, so the write
 * that other requests must wait for is short even for 100,000 rows.
 */

export async function stageImportRows(
  db: Executor,
  rows: Insertable<ProductImportRowTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto("product_import_rows").values(rows).execute();
}

/** Deletes a job's staged rows, `batch` at a time (short statements). */
export async function deleteStagedRows(db: Executor, jobId: string, batch = 5000): Promise<void> {
  for (;;) {
    const ids = await db
      .selectFrom("product_import_rows")
      .select("id")
      .where("job_id", "=", jobId)
      .limit(batch)
      .execute();
    if (ids.length === 0) return;
    await db
      .deleteFrom("product_import_rows")
      .where(
        "id",
        "in",
        ids.map((r) => r.id),
      )
      .execute();
  }
}

/** Staged rows left behind by a crash or restart (older than `before`). */
export async function staleImportJobs(db: Executor, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom("product_import_rows")
    .select("job_id")
    .where("created_at", "<", before)
    .groupBy("job_id")
    .execute();
  return rows.map((r) => r.job_id);
}

export interface ApplyContext {
  jobId: string;
  userId: number | null;
  now: string;
}

/**
 * Applies a staged job inside the caller's transaction: existing products take
 * the staged values, new products are inserted with their stock and an
 * "import" movement each. An existing product's stock changes only when its
 * staged row carries stock_seen (the owner's "set stock"), as an "import"
 * movement of the difference — and only if the stock is still what the
 * preview showed: otherwise nothing is applied and `stockMovedSince` counts
 * the products that moved.
 */
export async function applyStagedImport(
  db: Executor,
  ctx: ApplyContext,
): Promise<{ movements: number; stockMovedSince: number }> {
  let movements = 0;
  const staged = (kind: "new" | "update") =>
    db
      .selectFrom("product_import_rows as s")
      .where("s.job_id", "=", ctx.jobId)
      .where("s.kind", "=", kind);

  // 0. Set-stock rows whose product sold or received since the preview.
  const moved = await staged("update")
    .innerJoin("products as p", "p.code", "s.code")
    .where("s.stock_seen", "is not", null)
    .whereRef("s.stock_seen", "<>", "p.stock")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  const stockMovedSince = Number(moved?.n ?? 0);
  if (stockMovedSince > 0) return { movements: 0, stockMovedSince };

  // 1. Set-stock differences of existing products, before their stock changes.
  const diff = await db
    .insertInto("stock_movements")
    .columns(["product_id", "change", "reason", "reference", "note", "user_id", "created_at"])
    .expression(
      staged("update")
        .innerJoin("products as p", "p.code", "s.code")
        .where("s.stock_seen", "is not", null)
        .whereRef("s.stock", "<>", "p.stock")
        .select((eb) => [
          "p.id",
          eb("s.stock", "-", eb.ref("p.stock")).as("change"),
          eb.val("import").as("reason"),
          eb.val(null).as("reference"),
          eb.val("CSV import (set stock)").as("note"),
          eb.val(ctx.userId).as("user_id"),
          eb.val(ctx.now).as("created_at"),
        ]),
    )
    .executeTakeFirst();
  movements += Number(diff.numInsertedOrUpdatedRows ?? 0);

  // 2. Existing products take the staged values (correlated on the code).
  type Col =
    | "name"
    | "category"
    | "price"
    | "gst_rate"
    | "hsn"
    | "unit"
    | "low_stock_level"
    | "active";
  await db
    .updateTable("products")
    .set((eb) => {
      const pick = (column: Col) =>
        eb
          .selectFrom("product_import_rows as s")
          .select(`s.${column}` as "s.name")
          .where("s.job_id", "=", ctx.jobId)
          .where("s.kind", "=", "update")
          .whereRef("s.code", "=", "products.code")
          .limit(1) as never;
      return {
        name: pick("name"),
        category: pick("category"),
        price: pick("price"),
        gst_rate: pick("gst_rate"),
        hsn: pick("hsn"),
        unit: pick("unit"),
        // Only set-stock rows touch stock; any other keeps the stock sales left.
        stock: eb.fn.coalesce(
          eb
            .selectFrom("product_import_rows as s")
            .select("s.stock")
            .where("s.job_id", "=", ctx.jobId)
            .where("s.kind", "=", "update")
            .where("s.stock_seen", "is not", null)
            .whereRef("s.code", "=", "products.code")
            .limit(1),
          eb.ref("products.stock"),
        ) as never,
        low_stock_level: pick("low_stock_level"),
        active: pick("active"),
        updated_at: ctx.now,
      };
    })
    .where("code", "in", staged("update").select("s.code"))
    .execute();

  // 3. New products, with their stock.
  await db
    .insertInto("products")
    .columns([
      "code",
      "name",
      "category",
      "price",
      "gst_rate",
      "hsn",
      "unit",
      "stock",
      "low_stock_level",
      "active",
      "created_at",
      "updated_at",
    ])
    .expression(
      staged("new").select((eb) => [
        "s.code",
        "s.name",
        "s.category",
        "s.price",
        "s.gst_rate",
        "s.hsn",
        "s.unit",
        "s.stock",
        "s.low_stock_level",
        "s.active",
        eb.val(ctx.now).as("created_at"),
        eb.val(ctx.now).as("updated_at"),
      ]),
    )
    .execute();

  // 4. Their opening stock as movements (stock = sum of movements).
  const opening = await db
    .insertInto("stock_movements")
    .columns(["product_id", "change", "reason", "reference", "note", "user_id", "created_at"])
    .expression(
      staged("new")
        .innerJoin("products as p", "p.code", "s.code")
        .where("s.stock", ">", 0)
        .select((eb) => [
          "p.id",
          "s.stock",
          eb.val("import").as("reason"),
          eb.val(null).as("reference"),
          eb.val("CSV import").as("note"),
          eb.val(ctx.userId).as("user_id"),
          eb.val(ctx.now).as("created_at"),
        ]),
    )
    .executeTakeFirst();
  movements += Number(opening.numInsertedOrUpdatedRows ?? 0);
  return { movements, stockMovedSince: 0 };
}
