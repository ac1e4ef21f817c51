import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Agent } from "./app.ts";
import { tokenFor } from "./app.ts";

/**
 * Renders every page of a label PDF with pdftoppm and decodes the QR code of
 * each label cell (the page is a cols × rows grid), in reading order.
 */
export function decodeQrCodes(
  pdf: Buffer,
  grid: { cols: number; rows: number; dpi?: number },
): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-labels-"));
  try {
    writeFileSync(path.join(dir, "labels.pdf"), pdf);
    const dpi = String(grid.dpi ?? 150);
    execFileSync("pdftoppm", [
      "-r",
      dpi,
      "-gray",
      "-png",
      path.join(dir, "labels.pdf"),
      path.join(dir, "page"),
    ]);
    const found: string[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".png"))
      .sort()) {
      const png = PNG.sync.read(readFileSync(path.join(dir, file)));
      const w = Math.floor(png.width / grid.cols);
      const h = Math.floor(png.height / grid.rows);
      for (let r = 0; r < grid.rows; r++) {
        for (let c = 0; c < grid.cols; c++) {
          const hit = decodeCell(png, c * w, r * h, w, h);
          if (hit) found.push(hit);
        }
      }
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function decodeCell(png: PNG, x0: number, y0: number, w: number, h: number): string | null {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * png.width + x0) * 4;
    data.set(png.data.subarray(from, from + w * 4), y * w * 4);
  }
  return jsQR(data, w, h, { inversionAttempts: "dontInvert" })?.data ?? null;
}

/** Uploads a CSV the way the page does (htmx, multipart, CSRF header) and returns the response. */
export async function uploadCsv(agent: Agent, content: Buffer | string, name = "catalogue.csv") {
  const token = await tokenFor(agent, "/products/import");
  return agent
    .post("/products/import")
    .set("HX-Request", "true")
    .set("X-CSRF-Token", token)
    .attach("file", Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"), name);
}

/** Polls an import job's fragment until it stops showing progress; returns the final HTML. */
export async function pollJob(agent: Agent, html: string): Promise<{ id: string; html: string }> {
  const m = html.match(/\/products\/import\/([0-9a-f-]{36})/);
  if (!m?.[1]) throw new Error(`no job in: ${html.slice(0, 400)}`);
  const id = m[1];
  let current = html;
  for (let i = 0; i < 3000 && current.includes("import-progress"); i++) {
    await new Promise((r) => setTimeout(r, 20));
    current = (await agent.get(`/products/import/${id}`).set("HX-Request", "true")).text;
  }
  return { id, html: current };
}

/**
 * Uploads, waits for the preview, and (when asked) commits and waits for the
 * end; `options.setStock` ticks "Set stock from the file" on the preview.
 */
export async function importCsv(
  agent: Agent,
  content: string,
  commit = true,
  options: { setStock?: boolean; beforeCommit?: () => Promise<void> } = {},
) {
  const up = await uploadCsv(agent, content);
  const preview = await pollJob(agent, up.text);
  if (!commit || !preview.html.includes("/commit")) return { preview: preview.html, result: null };
  await options.beforeCommit?.();
  const token = await tokenFor(agent, "/products/import");
  const started = await agent
    .post(`/products/import/${preview.id}/commit`)
    .set("HX-Request", "true")
    .set("X-CSRF-Token", token)
    .type("form")
    .send(options.setStock ? { setStock: "1" } : {});
  const done = await pollJob(agent, started.text);
  return { preview: preview.html, result: done.html };
}
