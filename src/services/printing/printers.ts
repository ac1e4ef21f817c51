import { z } from "zod";
import {
  countFailedJobs,
  deletePrinter,
  findPrinter,
  insertPrinter,
  listPrinters,
  updatePrinter,
} from "../../db/repositories/printers.repo.ts";
import type { Db, Printer } from "../../db/types.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";

/**
 * Receipt printers (owner settings) and the jobs staff send them: a receipt
 * when a bill completes, a reprint, a test page, the cash drawer. Every job is
 * a row first and sent after (print-queue.ts), so printing never holds up or
 * undoes a bill.
 */

export const flag = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
  .transform((v) => v === "1" || v === "on" || v === "true" || v === true);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .default("")
    .transform(cleanText)
    .pipe(z.string().max(max, `${label}: at most ${max} characters`));

const printerSchema = z
  .object({
    name: optionalText(60, "Name").pipe(z.string().min(1, "Give the printer a name")),
    kind: z.enum(["network", "os"], { message: "Choose network or this computer's printer" }),
    host: optionalText(255, "Address"),
    port: z
      .string()
      .default("")
      .transform((v) => v.trim() || "9100")
      .pipe(z.string().regex(/^\d{1,5}$/, "Port is a number, e.g. 9100"))
      .transform(Number)
      .pipe(z.number().int().min(1, "Port 1–65535").max(65535, "Port 1–65535")),
    queue: optionalText(255, "Printer name"),
    paper: z.enum(["80mm", "58mm"], { message: "Choose 80 mm or 58 mm paper" }),
    columns: z
      .string()
      .default("")
      .transform((v) => v.trim())
      .pipe(z.string().regex(/^\d{0,2}$/, "Characters per line: a number, e.g. 48"))
      .transform((v) => (v ? Number(v) : 0)),
    rupeeText: flag,
    autoPrint: flag,
    drawer: flag,
    statusCheck: flag,
  })
  .superRefine((p, ctx) => {
    if (p.kind === "network" && !/^[A-Za-z0-9.\-:[\]]{1,255}$/.test(p.host))
      ctx.addIssue({
        code: "custom",
        path: ["host"],
        message: "Enter the printer's IP address or host name",
      });
    if (p.kind === "os" && !p.queue)
      ctx.addIssue({
        code: "custom",
        path: ["queue"],
        message: "Enter the printer's name as the computer knows it",
      });
    if (p.kind === "os" && /["\n\r\\]/.test(p.queue))
      ctx.addIssue({
        code: "custom",
        path: ["queue"],
        message: "The name cannot hold quotes or backslashes",
      });
    if (p.columns && (p.columns < 24 || p.columns > 64))
      ctx.addIssue({
        code: "custom",
        path: ["columns"],
        message: "Characters per line: 24–64 (48 on 80 mm, 32 on 58 mm)",
      });
  });

export type PrinterInput = z.input<typeof printerSchema>;

function toRow(input: unknown) {
  const p = parseInput(printerSchema, input);
  return {
    name: p.name,
    kind: p.kind,
    host: p.kind === "network" ? p.host : null,
    port: p.kind === "network" ? p.port : null,
    queue: p.kind === "os" ? p.queue : null,
    paper: p.paper,
    columns: p.columns || (p.paper === "58mm" ? 32 : 48),
    rupee_text: p.rupeeText ? 1 : 0,
    auto_print: p.autoPrint ? 1 : 0,
    drawer: p.drawer ? 1 : 0,
    status_check: p.statusCheck ? 1 : 0,
  } as const;
}

/** Form values for a printer (or a new one's defaults). */
export function printerFormValues(p?: Printer): Record<string, unknown> {
  if (!p) {
    return {
      kind: "network",
      port: "9100",
      paper: "80mm",
      columns: "48",
      autoPrint: true,
      drawer: true,
      statusCheck: true,
    };
  }
  return {
    name: p.name,
    kind: p.kind,
    host: p.host ?? "",
    port: String(p.port ?? 9100),
    queue: p.queue ?? "",
    paper: p.paper,
    columns: String(p.columns),
    rupeeText: p.rupee_text === 1,
    autoPrint: p.auto_print === 1,
    drawer: p.drawer === 1,
    statusCheck: p.status_check === 1,
  };
}

export async function addPrinter(db: Db, actor: Actor, input: unknown): Promise<number> {
  const row = toRow(input);
  const at = nowUtc();
  const id = await insertPrinter(db, { ...row, created_at: at, updated_at: at });
  await recordAudit(db, actor, "printer.add", { entity: "printer", entityId: id, detail: row });
  return id;
}

export async function editPrinter(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
  const row = toRow(input);
  if (!(await updatePrinter(db, id, { ...row, updated_at: nowUtc() })))
    throw new NotFoundError(msg("printing:errors.noPrinterFound"));
  await recordAudit(db, actor, "printer.edit", { entity: "printer", entityId: id, detail: row });
}

export async function removePrinter(db: Db, actor: Actor, id: number): Promise<void> {
  const printer = await getPrinter(db, id);
  await deletePrinter(db, id);
  await recordAudit(db, actor, "printer.remove", {
    entity: "printer",
    entityId: id,
    detail: { name: printer.name },
  });
}

export async function getPrinter(db: Db, id: number): Promise<Printer> {
  const p = await findPrinter(db, id);
  if (!p) throw new NotFoundError(msg("printing:errors.noPrinterFound"));
  return p;
}

/** Printers with how many jobs are waiting on a failure. */
export async function printersOverview(db: Db) {
  const printers = await listPrinters(db);
  return Promise.all(
    printers.map(async (p) => ({ printer: p, failed: await countFailedJobs(db, p.id) })),
  );
}
