import { randomUUID } from "node:crypto";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Insertable } from "kysely";
import { isUniqueViolation } from "../../db/errors.ts";
import {
  applyStagedImport,
  deleteStagedRows,
  stageImportRows,
  staleImportJobs,
} from "../../db/repositories/catalogue-import.repo.ts";
import { findProductsByCodes } from "../../db/repositories/products.repo.ts";
import type { Db, Executor, Product, ProductImportRowTable } from "../../db/types.ts";
import { ConflictError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import type { ParsedRow, RowSink } from "./csv.ts";
import { generateInternalCodes } from "./products.ts";

/**
 * Writes a validated catalogue: new codes inserted, existing codes updated,
 * unchanged rows left alone (so export → import changes nothing). The stock
 * column sets the stock of new products only: an older file must never undo
 * the sales made since it was exported. Existing products take the file's
 * stock only with the explicit "set stock" option, which the preview shows per
 * product as current → new.
 */

const CHUNK = 500;

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  priceChanges: number;
  /** Existing products whose stock was (or, in a preview, would be with "set stock") changed. */
  stockChanges: number;
}

/** One existing product whose stock in the file differs from its stock now. */
export interface StockDifference {
  code: string;
  name: string;
  current: number;
  next: number;
  unit: Product["unit"];
}

export interface ImportPreview extends ImportCounts {
  /** Products that differ only in stock (updated only with "set stock"). */
  stockOnly: number;
  /** Every stock difference, in file order. */
  stockDifferences: StockDifference[];
}

export interface ImportOptions {
  /** Set existing products' stock from the file (off unless the owner ticks it). */
  setStock: boolean;
  /** code → stock the preview showed; the import refuses if it moved since. */
  stockSeen: Map<string, number>;
}

const NO_STOCK: ImportOptions = { setStock: false, stockSeen: new Map() };

/**
 * The rows to check or import: an array, or a feed that hands them over a
 * few hundred at a time (parseCatalogue with a sink: the upload is read
 * again instead of being held as 100,000 objects). A feed throws to stop.
 */
export type RowSource = ParsedRow[] | ((each: RowSink) => Promise<void>);

/** Calls `fn` on the rows in chunks of at most CHUNK, in file order. */
async function eachChunk(rows: RowSource, fn: (chunk: ParsedRow[]) => Promise<void>) {
  const chunks = async (batch: ParsedRow[]) => {
    for (let i = 0; i < batch.length; i += CHUNK) await fn(batch.slice(i, i + CHUNK));
  };
  if (Array.isArray(rows)) await chunks(rows);
  else await rows(chunks);
}

type Fields = Omit<ParsedRow, "row" | "stock">;
const FIELDS: Array<keyof Fields> = [
  "name",
  "category",
  "price",
  "gst_rate",
  "hsn",
  "unit",
  "low_stock_level",
  "active",
];

function changedFields(before: Product, row: ParsedRow): Partial<Fields> {
  const out: Partial<Fields> = {};
  for (const key of FIELDS) {
    const was = before[key];
    const now = row[key];
    if (typeof now === "number" ? Number(was) !== now : was !== now) {
      (out as Record<string, unknown>)[key] = now;
    }
  }
  return out;
}

/** How the rows compare with the catalogue now (for the preview), without writing. */
export async function classifyRows(
  db: Executor,
  rows: RowSource,
  progress: (done: number) => void = () => {},
): Promise<ImportPreview> {
  const preview: ImportPreview = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    priceChanges: 0,
    stockChanges: 0,
    stockOnly: 0,
    stockDifferences: [],
  };
  let done = 0;
  await eachChunk(rows, async (chunk) => {
    const existing = await existingByCode(db, chunk);
    for (const row of chunk) {
      const before = row.code ? existing.get(row.code) : undefined;
      if (!before) {
        preview.inserted++;
        continue;
      }
      const changes = changedFields(before, row);
      const stockDiff = row.stock !== Number(before.stock);
      if (Object.keys(changes).length > 0) preview.updated++;
      else if (stockDiff) preview.stockOnly++;
      else preview.unchanged++;
      if ("price" in changes) preview.priceChanges++;
      if (stockDiff) {
        preview.stockChanges++;
        preview.stockDifferences.push({
          code: before.code,
          name: before.name,
          current: Number(before.stock),
          next: row.stock,
          unit: before.unit,
        });
      }
    }
    done += chunk.length;
    progress(done);
    await yieldToLoop();
  });
  return preview;
}

async function existingByCode(db: Executor, rows: ParsedRow[]): Promise<Map<string, Product>> {
  const codes = rows.map((r) => r.code).filter(Boolean);
  return new Map((await findProductsByCodes(db, codes)).map((p) => [p.code, p]));
}

/**
 * Imports the rows all-or-nothing without holding the database for long:
 * 1. rows that are new or differ are compared and STAGED (product_import_rows)
 *    500 at a time, each chunk its own short write, yielding in between, so
 *    other requests (sales included) keep running;
 * 2. the staged rows are APPLIED in one transaction of a few set-based
 *    statements (see applyStagedImport): either all of them land or none.
 * Stock for new products comes with an "import" movement, and stock
 * differences of existing ones are "import" movements, so stock still equals
 * the sum of movements. Staged rows are removed afterwards (and rows left by a
 * crash are removed by the next import).
 */
export async function importRows(
  db: Db,
  actor: Actor,
  rows: RowSource,
  progress: (done: number) => void = () => {},
  jobId: string = randomUUID(),
  options: ImportOptions = NO_STOCK,
): Promise<ImportCounts> {
  const counts: ImportCounts = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    priceChanges: 0,
    stockChanges: 0,
  };
  const priceSample: Array<{ code: string; from: number; to: number }> = [];
  const now = nowUtc();
  for (const stale of await staleImportJobs(db, toUtcString(new Date(Date.now() - 86_400_000)))) {
    await deleteStagedRows(db, stale);
  }
  try {
    let done = 0;
    await eachChunk(rows, async (chunk) => {
      const needCodes = chunk.filter((r) => !r.code).length;
      const generated = needCodes
        ? await db.transaction().execute((trx) => generateInternalCodes(trx, needCodes))
        : [];
      let nextGenerated = 0;
      const existing = await existingByCode(db, chunk);
      const staged: Insertable<ProductImportRowTable>[] = [];
      for (const row of chunk) {
        const before = row.code ? existing.get(row.code) : undefined;
        const { row: rowNo, ...fields } = row;
        if (!before) {
          counts.inserted++;
          const code = row.code || generated[nextGenerated++] || "";
          staged.push({
            ...fields,
            code,
            job_id: jobId,
            kind: "new",
            row_no: rowNo,
            created_at: now,
          });
          continue;
        }
        const changes = changedFields(before, row);
        // Only the products the preview listed, against the stock it showed.
        const seen = options.setStock ? options.stockSeen.get(before.code) : undefined;
        const stockDiff = seen !== undefined;
        if (Object.keys(changes).length === 0 && !stockDiff) {
          counts.unchanged++;
          continue;
        }
        counts.updated++;
        if (stockDiff) counts.stockChanges++;
        if ("price" in changes) {
          counts.priceChanges++;
          if (priceSample.length < 100)
            priceSample.push({ code: before.code, from: Number(before.price), to: row.price });
        }
        staged.push({
          ...fields,
          code: before.code,
          stock_seen: seen ?? null,
          job_id: jobId,
          kind: "update",
          row_no: rowNo,
          created_at: now,
        });
      }
      await stageImportRows(db, staged);
      done += chunk.length;
      progress(done);
      await yieldToLoop();
    });
    try {
      await db.transaction().execute(async (trx) => {
        const moved = await applyStagedImport(trx, { jobId, userId: actor.userId, now });
        if (moved.stockMovedSince > 0) {
          throw new ConflictError(
            msg("csv:jobs.stockMoved", { count: moved.stockMovedSince, n: moved.stockMovedSince }),
          );
        }
        await recordAudit(trx, actor, "catalogue.import", {
          entity: "product",
          detail: { ...counts, rows: done, priceChangesSample: priceSample },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError(msg("csv:jobs.codeAdded"));
      }
      throw err;
    }
    return counts;
  } finally {
    await deleteStagedRows(db, jobId);
  }
}
