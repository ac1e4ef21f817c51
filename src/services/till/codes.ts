/**
 * Product codes (QR/barcode payloads) are stored and matched trimmed and
 * upper-cased, so case and surrounding spaces never make a second code.
 */
export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase();
}
