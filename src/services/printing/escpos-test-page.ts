import ReceiptPrinterEncoder from "@point-of-sale/receipt-printer-encoder";
import { type PrinterLayout, printableDots, startEncoder } from "./escpos-receipt.ts";
import { rasterRows } from "./raster-text.ts";

/** The printer's other jobs besides receipts: the test page and the drawer kick. */

/** A test page: proves the connection, the paper width, ₹ as an image and the cutter. */
export async function renderTestPage(
  layout: PrinterLayout & { name: string },
  options: { pulse: boolean },
): Promise<Uint8Array> {
  const enc = startEncoder(layout, options.pulse);
  enc.align("center").bold(true).line("TEST PRINT").bold(false);
  enc.line(layout.name.replace(/[^\x20-\x7e]/g, "?"));
  enc.align("left").line("-".repeat(layout.columns));
  enc.line(`${layout.paper} paper, ${layout.columns} characters per line:`);
  enc.line("1234567890".repeat(Math.ceil(layout.columns / 10)).slice(0, layout.columns));
  const sample = layout.rupeeText ? "Rs.1,234.50" : "₹1,234.50";
  if (layout.rupeeText) enc.line(`Amounts print as ${sample}`);
  else {
    const bitmap = await rasterRows(
      [{ left: "Amount", right: sample }],
      printableDots(layout.paper),
    );
    enc.image(bitmap, bitmap.width, bitmap.height, "threshold");
  }
  enc.align("center").qrcode("TEST", { model: 2, size: 6, errorlevel: "m" });
  enc.align("left").cut("partial");
  return enc.encode();
}

/** Just the drawer kick. */
export function renderDrawerPulse(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: "esc-pos" }).initialize().pulse().encode();
}
