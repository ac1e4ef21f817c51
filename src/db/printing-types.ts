import type { Generated } from "kysely";
import type { UtcTime } from "../lib/utc-time.ts";

/** The receipt printers' tables (src/services/printing), beside the rest in types.ts. */

/** A 0/1 flag column, as `Flag` in types.ts (not imported: types.ts imports this file). */
type Flag = 0 | 1;

/** A receipt printer (ESC/POS): on the network (host:port) or an operating-system queue. */
export interface PrinterTable {
  id: Generated<number>;
  name: string;
  kind: "network" | "os";
  host: string | null;
  port: number | null;
  queue: string | null;
  paper: "80mm" | "58mm";
  columns: number;
  /** Amounts as "Rs." text instead of a raster ₹ line. */
  rupee_text: Flag;
  auto_print: Flag;
  drawer: Flag;
  /** Ask the printer for its status (DLE EOT) before sending: catches off-line, no paper, stalls. */
  status_check: Flag;
  created_at: UtcTime;
  updated_at: UtcTime;
}

/** One job in a printer's queue; sent in id order, rendered when sent. */
export interface PrintJobTable {
  id: Generated<number>;
  printer_id: number;
  kind: "receipt" | "drawer" | "test";
  bill_id: number | null;
  /** Kick the cash drawer with this job. */
  pulse: Flag;
  /** cancel: the cashier printed the PDF instead. */
  status: "queued" | "sending" | "failed" | "done" | "cancel";
  attempts: Generated<number>;
  last_error: string | null;
  user_id: number | null;
  created_at: UtcTime;
  updated_at: UtcTime;
  printed_at: UtcTime | null;
}
