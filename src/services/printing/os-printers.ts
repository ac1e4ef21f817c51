import { execFile } from "node:child_process";

/**
 * Which printer the operating system prints to by default: what "silent
 * printing" (the app window's --kiosk-printing) sends PDFs to. Best effort:
 * `lpstat -d` (CUPS, Linux and macOS); on Windows the printer WMI marks
 * Default, via PowerShell. Anything else answers null ("unknown").
 */

function run(command: string, args: string[], timeoutMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, windowsHide: true }, (err, stdout) =>
      resolve(err ? null : String(stdout)),
    );
  });
}

/** Parses `lpstat -d`: "system default destination: Receipt" (other locales: the text after the colon). */
export function parseLpstatDefault(out: string): string | null {
  const line = out.split("\n").find((l) => l.includes(":"));
  if (!line || /no system default/i.test(line)) return null;
  const name = line.slice(line.indexOf(":") + 1).trim();
  return name || null;
}

export async function defaultOsPrinter(platform = process.platform): Promise<string | null> {
  if (platform === "win32") {
    const out = await run("powershell.exe", [
      "-NoProfile",
      "-Command",
      "(Get-CimInstance Win32_Printer | Where-Object Default).Name",
    ]);
    return out?.trim() || null;
  }
  const out = await run("lpstat", ["-d"]);
  return out ? parseLpstatDefault(out) : null;
}
