import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";

/**
 * Compares how a PDF draws a string with how Chromium draws it in the same
 * font files (glyph-references.ts): both cut to their ink, scaled to one size
 * and compared by pixelmatch. The PDF's text is found by poppler's word boxes
 * (pdftotext -bbox-layout), which follow /ActualText, so the crop is the
 * string wherever the layout put it.
 */

export interface Gray {
  width: number;
  height: number;
  /** 0 = black ink … 255 = white paper. */
  data: Uint8Array;
}

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

function withPdf<T>(bytes: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-glyphs-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, bytes);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where `text` (its words in a row on one line) is on `page`, in points from the top left. */
export function findText(bytes: Uint8Array, text: string, page = 1): Box {
  const xml = withPdf(bytes, (file) =>
    execFileSync("pdftotext", ["-bbox-layout", "-f", `${page}`, "-l", `${page}`, file, "-"], {
      encoding: "utf8",
    }),
  );
  const want = text.split(" ");
  for (const line of xml.split("</line>")) {
    const words = [
      ...line.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: decode(m[5] ?? ""),
    }));
    for (let i = 0; i + want.length <= words.length; i++) {
      const run = words.slice(i, i + want.length);
      if (run.some((w, k) => w.text !== want[k])) continue;
      return {
        xMin: Math.min(...run.map((w) => w.xMin)),
        yMin: Math.min(...run.map((w) => w.yMin)),
        xMax: Math.max(...run.map((w) => w.xMax)),
        yMax: Math.max(...run.map((w) => w.yMax)),
      };
    }
  }
  throw new Error(`"${text}" is not on page ${page} of the PDF`);
}

/** A PNG as grey levels. */
export function gray(png: PNG): Gray {
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) {
    const [r, g, b] = [png.data[i * 4] ?? 0, png.data[i * 4 + 1] ?? 0, png.data[i * 4 + 2] ?? 0];
    data[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width: png.width, height: png.height, data };
}

/** The region `box` (points, plus `pad` points around it) of a page rendered by pdftoppm. */
export function renderBox(
  bytes: Uint8Array,
  box: Box,
  dpi: number,
  page: number,
  pad: number,
): Gray {
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  const png = withPdf(bytes, (file, dir) => {
    const out = path.join(dir, "crop");
    const area = [
      px(box.xMin - pad),
      px(box.yMin - pad),
      px(box.xMax - box.xMin + pad * 2),
      px(box.yMax - box.yMin + pad * 2),
    ];
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      `${dpi}`,
      "-f",
      `${page}`,
      "-l",
      `${page}`,
      "-x",
      `${area[0]}`,
      "-y",
      `${area[1]}`,
      "-W",
      `${area[2]}`,
      "-H",
      `${area[3]}`,
      "-singlefile",
      file,
      out,
    ]);
    return PNG.sync.read(readFileSync(`${out}.png`));
  });
  return gray(png);
}

/**
 * Keeps only the string's own ink in a crop around its word box (`word`, in
 * pixels of the crop): the patches of ink (8-connected, anything not white)
 * that reach into the middle band of the box, where every letter has its
 * body, and the patches clear of the crop's border that overlap the box's
 * columns (a dot or a mark above or below). What is left — a table rule
 * running through, the next line's letters, the number before the name —
 * belongs to the neighbours.
 */
export function isolate(img: Gray, word: Box): Gray {
  const { width, height } = img;
  const data = img.data.slice();
  const seen = new Uint8Array(width * height);
  const h = word.yMax - word.yMin;
  const core = {
    xMin: word.xMin,
    xMax: word.xMax,
    yMin: word.yMin + h * 0.3,
    yMax: word.yMax - h * 0.3,
  };
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || (data[start] ?? 255) >= 250) continue;
    const patch: number[] = [];
    const stack = [start];
    seen[start] = 1;
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    let inCore = false;
    while (stack.length) {
      const i = stack.pop() as number;
      patch.push(i);
      const [x, y] = [i % width, Math.floor(i / width)];
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      if (x >= core.xMin && x <= core.xMax && y >= core.yMin && y <= core.yMax) inCore = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (seen[j] || (data[j] ?? 255) >= 250) continue;
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    const beside = x1 < word.xMin || x0 > word.xMax;
    const border = x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1;
    if (inCore || !(beside || border)) continue;
    for (const i of patch) data[i] = 255;
  }
  return { width, height, data };
}

/** The string `text` on `page` as pdftoppm draws it at `dpi`: only its own ink, cut to it. */
export function cropText(bytes: Uint8Array, text: string, dpi: number, page = 1): Gray {
  const box = findText(bytes, text, page);
  const pad = 2;
  const img = renderBox(bytes, box, dpi, page, pad);
  const px = (pt: number) => (pt * dpi) / 72;
  const word = {
    xMin: px(pad),
    yMin: px(pad),
    xMax: px(pad + box.xMax - box.xMin),
    yMax: px(pad + box.yMax - box.yMin),
  };
  return inkCrop(isolate(img, word));
}

/** The image cut to its ink (pixels darker than mid grey). */
export function inkCrop(img: Gray): Gray {
  let [x0, y0, x1, y1] = [img.width, img.height, -1, -1];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if ((img.data[y * img.width + x] ?? 255) >= 128) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) throw new Error("no ink in the image");
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    data.set(
      img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x1 + 1),
      y * width,
    );
  }
  return { width, height, data };
}

/** Area-averaged resample to `width` × `height`. */
export function resize(img: Gray, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let weight = 0;
      for (let v = Math.floor(y * sy); v < Math.min(img.height, Math.ceil((y + 1) * sy)); v++) {
        const wy = Math.min(v + 1, (y + 1) * sy) - Math.max(v, y * sy);
        for (let u = Math.floor(x * sx); u < Math.min(img.width, Math.ceil((x + 1) * sx)); u++) {
          const w = wy * (Math.min(u + 1, (x + 1) * sx) - Math.max(u, x * sx));
          sum += (img.data[v * img.width + u] ?? 255) * w;
          weight += w;
        }
      }
      data[y * width + x] = Math.round(weight ? sum / weight : 255);
    }
  }
  return { width, height, data };
}

/** A grey image as PNG bytes (to look at a crop: GLYPH_DEBUG=1 writes them under tmp/scripts/). */
export function toPng(img: Gray): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  png.data.set(rgba(img));
  return PNG.sync.write(png);
}

function rgba(img: Gray): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 4);
  img.data.forEach((v, i) => {
    out.set([v, v, v, 255], i * 4);
  });
  return out;
}

/**
 * How far apart two ink crops are: both scaled to `height` px at the
 * reference's aspect, then the pixels pixelmatch finds different divided by
 * the pixels that are ink in either (0 = same letters, 1 = nothing alike).
 */
export function glyphDiff(actual: Gray, reference: Gray, height = 56): number {
  const width = Math.max(1, Math.round((reference.width * height) / reference.height));
  const a = resize(actual, width, height);
  const b = resize(reference, width, height);
  const differ = pixelmatch(rgba(a), rgba(b), null, width, height, { threshold: 0.2 });
  let ink = 0;
  for (let i = 0; i < a.data.length; i++)
    if ((a.data[i] ?? 255) < 128 || (b.data[i] ?? 255) < 128) ink++;
  return differ / Math.max(1, ink);
}
