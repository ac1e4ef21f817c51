import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** Poppler tools on a PDF held in memory. */

function withFile<T>(bytes: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-pdf-"));
  try {
    const file = path.join(dir, "bill.pdf");
    writeFileSync(file, bytes);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext -layout of the whole PDF or of one page. */
export function pdfText(bytes: Uint8Array, page?: number): string {
  return withFile(bytes, (file) => {
    const range = page ? ["-f", String(page), "-l", String(page)] : [];
    return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", ...range, file, "-"], {
      encoding: "utf8",
    });
  });
}

/** pdfinfo as key → value. */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  return withFile(bytes, (file) => {
    const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    return Object.fromEntries(
      out
        .split("\n")
        .filter((l) => l.includes(":"))
        .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
    );
  });
}

/** Page `page` rendered by pdftoppm at `dpi` as RGBA pixels. */
export function renderPage(bytes: Uint8Array, page = 1, dpi = 200): PNG {
  return withFile(bytes, (file, dir) => {
    const out = path.join(dir, "page");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      file,
      out,
    ]);
    return PNG.sync.read(readFileSync(`${out}.png`));
  });
}

/** Decodes one QR code in the image, optionally only in a horizontal band [x0, x1) of its width (0..1). */
export function readQr(png: PNG, band: [number, number] = [0, 1]): string | null {
  const x0 = Math.floor(png.width * band[0]);
  const x1 = Math.floor(png.width * band[1]);
  const w = x1 - x0;
  const data = new Uint8ClampedArray(w * png.height * 4);
  for (let y = 0; y < png.height; y++) {
    const from = (y * png.width + x0) * 4;
    data.set(png.data.subarray(from, from + w * 4), y * w * 4);
  }
  return jsQR(data, w, png.height)?.data ?? null;
}
