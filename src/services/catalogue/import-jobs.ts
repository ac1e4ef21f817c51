import { randomUUID } from "node:crypto";
import type { Db } from "../../db/types.ts";
import { ConflictError, isDomainError, NotFoundError } from "../../lib/errors.ts";
import { type Msg, msg, type Text } from "../../lib/i18n.ts";
import type { Actor } from "../shop/audit.ts";
import {
  type ParsedRow,
  type ParseResult,
  parseCatalogue,
  type RowError,
  type RowWarning,
} from "./csv.ts";
import { classifyRows, type ImportCounts, type ImportPreview, importRows } from "./import.ts";

/**
 * CSV import jobs, kept in this process's memory and polled by the page.
 * What survives a restart: nothing of a job. A restart during "checking" or
 * at the preview loses the upload (the owner uploads again); a restart during
 * "importing" rolls the one transaction back, so the catalogue is as before.
 * Nothing is ever half-imported. With several app instances, the poll must
 * reach the instance that took the upload (one instance per till is the norm).
 */
export type JobState = "checking" | "preview" | "importing" | "done" | "failed";

export interface ImportJob {
  id: string;
  userId: number | null;
  fileName: string;
  state: JobState;
  /** Rows done in the current phase, and the phase's total (0 when unknown). */
  done: number;
  total: number;
  /** The phase's words: products:importStatus.phases.<phase>. */
  phase: "checking" | "importing" | "saving";
  fileError: Msg | null;
  errors: RowError[];
  errorCount: number;
  ignoredColumns: string[];
  /** Rows sold per piece only because no unit was given (see parseCatalogue). */
  unitWarnings: RowWarning[];
  unitWarningCount: number;
  hasUnitColumn: boolean;
  /**
   * The upload as it came (read again for the import, a few hundred rows at a
   * time: 100,000 products are never held as objects), and its GST rates.
   */
  upload: { bytes: Uint8Array; gstRates: number[] } | null;
  rowCount: number;
  /** The first rows, shown on the preview. */
  sample: ParsedRow[];
  preview: ImportPreview | null;
  /** The owner ticked "set stock from the file" on the preview. */
  setStock: boolean;
  result: ImportCounts | null;
  failure: Text | null;
  startedAt: number;
  finishedAt: number | null;
}

const jobs = new Map<string, ImportJob>();
/** Rows listed on the preview. */
const PREVIEW_ROWS = 100;
const TTL_MS = 60 * 60_000;

function sweep(): void {
  const cutoff = Date.now() - TTL_MS;
  for (const [id, job] of jobs)
    if (job.startedAt < cutoff && job.state !== "importing") jobs.delete(id);
}

/** Rough row count of a CSV buffer (newlines), for the progress bar while parsing. */
function estimateRows(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return Math.max(1, n);
}

/**
 * Starts checking an uploaded file in the background and returns the job at
 * once; the job moves to "preview" (or "failed") when done.
 */
export function startImportCheck(
  db: Db,
  actor: Actor,
  fileName: string,
  bytes: Uint8Array,
  gstRates: number[],
  onError: (err: unknown) => void,
): ImportJob {
  sweep();
  const job: ImportJob = {
    id: randomUUID(),
    userId: actor.userId,
    fileName,
    state: "checking",
    done: 0,
    total: estimateRows(bytes),
    phase: "checking",
    fileError: null,
    errors: [],
    errorCount: 0,
    ignoredColumns: [],
    unitWarnings: [],
    unitWarningCount: 0,
    hasUnitColumn: true,
    upload: { bytes, gstRates },
    rowCount: 0,
    sample: [],
    preview: null,
    setStock: false,
    result: null,
    failure: null,
    startedAt: Date.now(),
    finishedAt: null,
  };
  jobs.set(job.id, job);
  void (async () => {
    // One pass: each few hundred valid rows are compared with the catalogue as they are read.
    let parsed: ParseResult | undefined;
    const preview = await classifyRows(db, async (each) => {
      parsed = await parseCatalogue(
        bytes,
        gstRates,
        (done) => {
          job.done = done;
        },
        async (rows) => {
          if (job.sample.length < PREVIEW_ROWS)
            job.sample.push(...rows.slice(0, PREVIEW_ROWS - job.sample.length));
          await each(rows);
        },
      );
    });
    if (!parsed) throw new Error("the file was not parsed");
    Object.assign(job, {
      fileError: parsed.fileError,
      errors: parsed.errors,
      errorCount: parsed.errorCount,
      ignoredColumns: parsed.ignoredColumns,
      unitWarnings: parsed.unitWarnings,
      unitWarningCount: parsed.unitWarningCount,
      hasUnitColumn: parsed.hasUnitColumn,
      rowCount: parsed.rowCount,
    });
    if (parsed.fileError || parsed.errorCount > 0) {
      Object.assign(job, { state: "failed", upload: null, finishedAt: Date.now() });
      return;
    }
    job.preview = preview;
    Object.assign(job, { state: "preview", finishedAt: Date.now() });
  })().catch((err) => {
    Object.assign(job, {
      state: "failed",
      failure: msg("csv:jobs.checkFailed"),
      finishedAt: Date.now(),
    });
    onError(err);
  });
  return job;
}

/** The job, if it exists and belongs to this user. */
export function getImportJob(id: string, userId: number | null): ImportJob {
  const job = jobs.get(id);
  if (!job || job.userId !== userId) throw new NotFoundError(msg("csv:jobs.gone"));
  return job;
}

/**
 * Runs a previewed job's import in the background (one transaction). Only
 * one import runs at a time.
 */
export function startImport(
  db: Db,
  actor: Actor,
  id: string,
  onError: (err: unknown) => void,
  setStock = false,
): ImportJob {
  const job = getImportJob(id, actor.userId);
  if (job.state !== "preview") throw new ConflictError(msg("csv:jobs.notPreview"));
  if ([...jobs.values()].some((j) => j.state === "importing")) {
    throw new ConflictError(msg("csv:jobs.anotherRunning"));
  }
  Object.assign(job, {
    state: "importing",
    phase: "importing",
    done: 0,
    total: job.rowCount,
    startedAt: Date.now(),
    setStock,
  });
  const upload = job.upload;
  if (!upload) throw new ConflictError(msg("csv:jobs.noUpload"));
  const stockSeen = new Map(
    (job.preview?.stockDifferences ?? []).map((d) => [d.code, d.current] as const),
  );
  void importRows(
    db,
    actor,
    async (each) => {
      const again = await parseCatalogue(upload.bytes, upload.gstRates, () => {}, each);
      if (again.fileError || again.errorCount > 0 || again.rowCount !== job.rowCount)
        throw new ConflictError(msg("csv:jobs.rereadFailed"));
    },
    (done) => {
      job.done = done;
      if (done >= job.total) job.phase = "saving";
    },
    job.id,
    { setStock, stockSeen },
  )
    .then((result) => {
      Object.assign(job, { state: "done", result, upload: null, finishedAt: Date.now() });
    })
    .catch((err) => {
      Object.assign(job, {
        state: "failed",
        failure: isDomainError(err) ? err.text : msg("csv:jobs.rolledBack"),
        upload: null,
        finishedAt: Date.now(),
      });
      if (!isDomainError(err)) onError(err);
    });
  return job;
}

/** Waits until the job leaves its running state (tests and scripts). */
export async function waitForJob(job: ImportJob, timeoutMs = 600_000): Promise<ImportJob> {
  const until = Date.now() + timeoutMs;
  while ((job.state === "checking" || job.state === "importing") && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return job;
}
