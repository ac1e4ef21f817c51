import { describe, expect, it } from "vitest";
import { formatAmount } from "../../src/lib/money.ts";
import {
  printableDots,
  receiptBlocks,
  renderEscposReceipt,
  wrap,
} from "../../src/services/printing/escpos-receipt.ts";
import { statusProblem } from "../../src/services/printing/transport.ts";
import { sampleDetail } from "../helpers/bill-detail.ts";
import { decodeEscpos } from "../helpers/fake-escpos-printer.ts";

const narrow = { paper: "58mm" as const, columns: 32, rupeeText: true };

describe("ESC/POS receipt", () => {
  it("58 mm: every text line fits 32 columns; totals, UPI QR and bill QR as the PDF has them", async () => {
    const detail = sampleDetail({ lines: 6, paymentMode: "upi", number: "2026-27/000042" });
    const r = decodeEscpos(
      await renderEscposReceipt(detail, narrow, { duplicate: false, pulse: false }),
    );
    for (const line of r.lines) expect(line.length).toBeLessThanOrEqual(32);
    expect(r.qr[0]).toBe("2026-27/000042");
    expect(r.qr[1]).toMatch(/^upi:\/\/pay\?pa=sharmakirana@okicici&.*am=/);
    expect(r.lines).toContain(`Bill 2026-27/000042`);
    const total = `Rs.${formatAmount(detail.bill.total)}`;
    expect(r.lines.some((l) => l.startsWith("TOTAL") && l.endsWith(total))).toBe(true);
    expect(r.lines).toContain("Paid by: UPI");
    expect(r.pulses).toBe(0);
    expect(r.cuts).toBe(1);
  });

  it("a voided duplicate says so; ₹ lines are images 576 dots wide on 80 mm", async () => {
    const detail = sampleDetail({ lines: 3, status: "voided", paymentMode: "cash" });
    const layout = { paper: "80mm" as const, columns: 48, rupeeText: false };
    const r = decodeEscpos(
      await renderEscposReceipt(detail, layout, { duplicate: true, pulse: true }),
    );
    expect(r.lines).toContain("*** DUPLICATE ***");
    expect(r.lines).toContain("*** VOID ***");
    expect(r.lines.some((l) => l.includes("Rs."))).toBe(false);
    expect(r.images.length).toBeGreaterThan(0);
    for (const img of r.images) expect(img.width).toBe(printableDots("80mm"));
    expect(r.order).toEqual(["pulse", "cut"]);
  });

  it("the blocks carry the same GST lines as the bill's tax summary", () => {
    const detail = sampleDetail({ lines: 8 });
    const rows = receiptBlocks(detail, narrow, false).flatMap((b) => ("left" in b ? [b.left] : []));
    const taxed = detail.taxSummary.filter((t) => t.tax);
    expect(rows.filter((l) => l.startsWith("CGST @"))).toHaveLength(taxed.length);
    expect(rows.filter((l) => l.startsWith("SGST @"))).toHaveLength(taxed.length);
  });

  it("wraps words and cuts words longer than a line", () => {
    expect(wrap("Sharma Kirana Store and General Merchants", 16)).toEqual([
      "Sharma Kirana",
      "Store and",
      "General",
      "Merchants",
    ]);
    expect(wrap("ABCDEFGHIJKLMNOPQRST", 8)).toEqual(["ABCDEFGH", "IJKLMNOP", "QRST"]);
  });

  it("reads the printer's status bytes: ready, off-line, out of paper", () => {
    expect(statusProblem(0x16, 0x12)).toBeNull();
    expect(statusProblem(0x1e, 0x12)).toMatch(/off-line/);
    expect(statusProblem(0x1e, 0x72)).toMatch(/out of paper/);
  });
});
