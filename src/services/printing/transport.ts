import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Msg, msg, translate } from "../../lib/i18n.ts";

/**
 * Getting bytes to a receipt printer: raw TCP (port 9100, "JetDirect") or an
 * operating-system queue in raw mode. Each send either reaches the printer
 * (resolves) or fails with a PrinterError saying why in the cashier's words,
 * within a few seconds: the till shows "Receipt not printed" inside 3 s.
 */

/**
 * Why the bytes did not reach the printer, as a catalogue message
 * (`printing:failure.*`): `.message` is the English (logs), `.text` the Msg,
 * kept on the job and shown in each reader's language. An OS error's own
 * words stay a parameter, as the OS gave them.
 */
export class PrinterError extends Error {
  readonly text: Msg;
  constructor(text: Msg) {
    super(translate(text));
    this.text = text;
  }
}

export type PrinterTarget =
  | { kind: "network"; host: string; port: number; statusCheck: boolean }
  | { kind: "os"; queue: string };

export interface SendTimings {
  connectMs: number;
  replyMs: number;
  writeMs: number;
}

const TIMINGS: SendTimings = { connectMs: 1500, replyMs: 1000, writeMs: 4000 };

// ESC/POS real-time status: DLE EOT 1 (printer) and DLE EOT 4 (roll paper sensor).
const STATUS_QUERY = Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x04);

/** Sends `bytes` to the printer; rejects with a PrinterError when it did not get there. */
export async function sendToPrinter(
  target: PrinterTarget,
  bytes: Uint8Array,
  timings: Partial<SendTimings> = {},
): Promise<void> {
  const t = { ...TIMINGS, ...timings };
  if (target.kind === "network") return sendNetwork(target, bytes, t);
  return sendToQueue(target.queue, bytes, t.writeMs);
}

/** What two status bytes say is wrong, or null when the printer is ready. */
export function statusMsg(printer: number, paper: number): Msg | null {
  if ((paper & 0x60) === 0x60) return msg("printing:failure.outOfPaper");
  if (printer & 0x08) return msg("printing:failure.offline");
  return null;
}

/** statusMsg in English. */
export function statusProblem(printer: number, paper: number): string | null {
  const problem = statusMsg(printer, paper);
  return problem ? translate(problem) : null;
}

function sendNetwork(
  target: { host: string; port: number; statusCheck: boolean },
  bytes: Uint8Array,
  t: SendTimings,
): Promise<void> {
  const where = `${target.host}:${target.port}`;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect({ host: target.host, port: target.port });
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) socket.destroy();
      else socket.end();
      if (err) reject(err);
      else resolve();
    };
    const deadline = (ms: number, why: Msg) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new PrinterError(why)), ms);
    };
    deadline(t.connectMs, msg("printing:failure.noAnswer", { where }));
    socket.once("error", (err: NodeJS.ErrnoException) => {
      const why =
        err.code === "ECONNREFUSED"
          ? msg("printing:failure.refused", { where })
          : msg("printing:failure.unreachable", { where, reason: err.code ?? err.message });
      finish(new PrinterError(why));
    });
    socket.once("close", () => finish(new PrinterError(msg("printing:failure.hungUp", { where }))));
    const write = () => {
      deadline(t.writeMs, msg("printing:failure.stoppedTaking", { where }));
      socket.write(bytes, (err) => {
        if (err)
          finish(new PrinterError(msg("printing:failure.sendFailed", { reason: err.message })));
        else finish();
      });
    };
    socket.once("connect", () => {
      if (!target.statusCheck) return write();
      deadline(t.replyMs, msg("printing:failure.noStatus", { where }));
      let reply = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        reply = Buffer.concat([reply, d]);
        if (reply.length < 2) return;
        socket.off("data", onData);
        const problem = statusMsg(reply[0] ?? 0, reply[1] ?? 0);
        if (problem) return finish(new PrinterError(problem));
        write();
      };
      socket.on("data", onData);
      socket.write(STATUS_QUERY);
    });
  });
}

/**
 * An OS queue in raw mode: CUPS `lp -d <queue> -o raw` on Linux and macOS; on
 * Windows the spooler's WritePrinter with the RAW data type (PowerShell), so
 * no driver reformats the ESC/POS bytes. Done once the spooler accepted it.
 */
function sendToQueue(queue: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  if (process.platform === "win32") return sendWindows(queue, bytes, timeoutMs);
  return run("lp", ["-d", queue, "-o", "raw"], bytes, timeoutMs, { kind: "queue", name: queue });
}

/** The OS queue (CUPS) or Windows printer a failure names: `$t(printing:failure.target.<kind>)`. */
type OsTarget = { kind: "queue" | "printer"; name: string };

function run(
  command: string,
  args: string[],
  input: Uint8Array | null,
  timeoutMs: number,
  target: OsTarget,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"], windowsHide: true });
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new PrinterError(msg("printing:failure.os.timeout", target)));
    }, timeoutMs);
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new PrinterError(
          e.code === "ENOENT"
            ? msg("printing:failure.os.notInstalled", { ...target, command })
            : msg("printing:failure.os.cannotRun", { ...target, reason: e.message }),
        ),
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const reason = err.trim().slice(0, 200);
        reject(
          new PrinterError(
            reason
              ? msg("printing:failure.os.failed", { ...target, reason })
              : msg("printing:failure.os.exit", { ...target, code: String(code) }),
          ),
        );
      }
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

const WINDOWS_RAW = `
param([string]$Printer, [string]$File)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System; using System.Runtime.InteropServices;
public static class RawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DOCINFO { public string pDocName; public string pOutputFile; public string pDataType; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool OpenPrinter(string n, out IntPtr h, IntPtr d);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr h);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool StartDocPrinter(IntPtr h, int level, DOCINFO di);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool WritePrinter(IntPtr h, byte[] b, int n, out int w);
  public static void Send(string printer, byte[] bytes) {
    IntPtr h; int written;
    if (!OpenPrinter(printer, out h, IntPtr.Zero)) throw new Exception("No printer named " + printer);
    try {
      var di = new DOCINFO { pDocName = "Receipt", pDataType = "RAW" };
      if (!StartDocPrinter(h, 1, di)) throw new Exception("The spooler refused the job");
      StartPagePrinter(h);
      if (!WritePrinter(h, bytes, bytes.Length, out written) || written != bytes.Length) throw new Exception("Writing to the printer failed");
      EndPagePrinter(h); EndDocPrinter(h);
    } finally { ClosePrinter(h); }
  }
}
'@
[RawPrint]::Send($Printer, [System.IO.File]::ReadAllBytes($File))
`;

async function sendWindows(printer: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-print-"));
  try {
    const script = path.join(dir, "raw.ps1");
    const data = path.join(dir, "receipt.bin");
    writeFileSync(script, WINDOWS_RAW);
    writeFileSync(data, bytes);
    const args = ["-NoProfile", "-ExecutionPolicy", "Bypass", "-File", script, printer, data];
    // PowerShell compiles the helper on each call (~1–2 s): allow for it.
    await run("powershell.exe", args, null, timeoutMs + 4000, { kind: "printer", name: printer });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
