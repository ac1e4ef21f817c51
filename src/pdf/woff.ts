import { inflateSync } from "node:zlib";

/**
 * A WOFF (1.0) font file back to the plain TrueType/OpenType bytes it wraps:
 * the font packages ship WOFF, HarfBuzz and PDF want sfnt. WOFF is only the
 * sfnt's tables, each zlib-deflated when that made it smaller
 * (https://www.w3.org/TR/WOFF/), so this is a table copy with inflate.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const v = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || v.getUint32(0) !== 0x774f4646) throw new Error("not a WOFF file");
  const flavor = v.getUint32(4);
  const count = v.getUint16(12);
  const tables: Array<{ tag: number; checksum: number; data: Uint8Array }> = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const offset = v.getUint32(at + 4);
    const compressed = v.getUint32(at + 8);
    const length = v.getUint32(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    const data = compressed < length ? new Uint8Array(inflateSync(raw)) : raw;
    if (data.byteLength !== length) throw new Error("WOFF table has the wrong length");
    tables.push({ tag: v.getUint32(at), checksum: v.getUint32(at + 16), data });
  }
  const padded = (n: number) => (n + 3) & ~3;
  let size = 12 + 16 * count;
  for (const t of tables) size += padded(t.data.byteLength);
  const out = new Uint8Array(size);
  const w = new DataView(out.buffer);
  const selector = Math.floor(Math.log2(count));
  const range = 2 ** selector * 16;
  w.setUint32(0, flavor);
  w.setUint16(4, count);
  w.setUint16(6, range);
  w.setUint16(8, selector);
  w.setUint16(10, count * 16 - range);
  let offset = 12 + 16 * count;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    w.setUint32(at, t.tag);
    w.setUint32(at + 4, t.checksum);
    w.setUint32(at + 8, offset);
    w.setUint32(at + 12, t.data.byteLength);
    out.set(t.data, offset);
    offset += padded(t.data.byteLength);
  });
  return out;
}
