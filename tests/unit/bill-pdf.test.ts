import { describe, expect, it } from "vitest";
import { renderBillPdf } from "../../src/pdf/bill-pdf.ts";
import { printable } from "../../src/pdf/fonts.ts";
import { itemLabel } from "../../src/pdf/item-label.ts";
import { ITEMS, sampleDetail, sampleLines } from "../helpers/bill-detail.ts";
import { pdfInfo, pdfText, readQr, renderPage } from "../helpers/pdf.ts";

const squash = (s: string) => s.replace(/\s+/g, " ");

describe("bill PDF: 80 mm receipt", () => {
  it("has every field, the ₹ sign and the amount in words", async () => {
    const detail = sampleDetail({ lines: 8 });
    const text = squash(pdfText(await renderBillPdf(detail, { format: "80mm" })));
    for (const expected of [
      "Sharma Kirana & General",
      "Shivaji Market, 12 MG Road",
      "Ph: 020 2345 6789",
      "GSTIN: 27ABCDE1234F1Z5",
      "TAX INVOICE",
      "Bill No: 2026-27/000123",
      "Date: 25-11-2026 03:04 PM", // 09:34 UTC in Asia/Kolkata
      "Cashier: Ravi Cashier",
      "Customer: Meera Kulkarni (+91 XXXXXX3210)",
      "Amul Taaza Toned Milk 500 ml",
      "0401 · 0%",
      "0.500 kg",
      "64.00/kg",
      "Discount -5.00",
      "Subtotal (8 lines) ₹1,746.00",
      "Item discounts -₹10.00",
      // One half per rate: 5 % on ₹1,172 → 27.905 → 27.90 twice; 18 % on ₹330 → 25.17 twice.
      "Taxable value ₹1,607.90",
      "CGST @2.5% on 1,116.20 ₹27.90",
      "SGST @2.5% on 1,116.20 ₹27.90",
      "CGST @9% on 279.66 ₹25.17",
      "SGST @9% on 279.66 ₹25.17",
      "TOTAL ₹1,736.00",
      "One Thousand Seven Hundred Thirty-Six Rupees Only",
      "Paid by: Cash",
      "Tendered ₹2,000.00",
      "Change ₹264.00",
      "Bill 2026-27/000123",
      "Thank you! Visit again.",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("DUPLICATE");
    expect(text).not.toContain("VOID");
  });

  it("is 80 mm wide (58 mm by setting) and as tall as its content", async () => {
    const short = pdfInfo(await renderBillPdf(sampleDetail({ lines: 2 }), { format: "80mm" }));
    const long = pdfInfo(await renderBillPdf(sampleDetail({ lines: 30 }), { format: "80mm" }));
    const size = (info: Record<string, string>) =>
      (info["Page size"] ?? "")
        .match(/([\d.]+) x ([\d.]+)/)
        ?.slice(1)
        .map(Number) ?? [];
    const [w, h] = size(short);
    expect(w).toBeCloseTo((80 / 25.4) * 72, 1);
    expect(size(long)[1]).toBeGreaterThan((h ?? 0) + 28 * 20);
    const narrow = pdfInfo(await renderBillPdf(sampleDetail({ lines: 2 }), { format: "58mm" }));
    expect(size(narrow)[0]).toBeCloseTo((58 / 25.4) * 72, 1);
    expect(short.Pages).toBe("1");
  });

  it("carries a QR of the bill number that a decoder reads back", async () => {
    const bytes = await renderBillPdf(sampleDetail({ lines: 5, number: "T2/26-27/004711" }), {
      format: "80mm",
    });
    expect(readQr(renderPage(bytes, 1, 200))).toBe("T2/26-27/004711");
  });

  it("adds the UPI QR for the amount when paid by UPI, not when paid in cash", async () => {
    const upi = sampleDetail({ lines: 4, paymentMode: "upi" });
    const bytes = await renderBillPdf(upi, { format: "80mm" });
    const png = renderPage(bytes, 1, 200);
    expect(readQr(png, [0, 0.5])).toBe(upi.bill.number);
    const link = readQr(png, [0.5, 1]);
    expect(link).toBe(
      `upi://pay?pa=sharmakirana@okicici&pn=Sharma%20Kirana%20%26%20General%20Store&am=${(upi.bill.total / 100).toFixed(2)}&cu=INR&tn=2026-27%2F000123`,
    );
    expect(squash(pdfText(bytes))).toContain("Scan to pay ₹");
    const unpaid = squash(pdfText(await renderBillPdf(sampleDetail({ lines: 2, unpaid: true }))));
    expect(unpaid).toContain("Scan to pay");
    expect(unpaid).toContain("Paid by: Unpaid");
    const cash = squash(pdfText(await renderBillPdf(sampleDetail({ lines: 2 }))));
    expect(cash).not.toContain("Scan to pay");
    const noUpiId = squash(
      pdfText(await renderBillPdf(sampleDetail({ lines: 2, unpaid: true, upiId: null }))),
    );
    expect(noUpiId).not.toContain("Scan to pay");
  });

  it("says Bill of Supply without a GSTIN, DUPLICATE on reprints, VOID on voided bills", async () => {
    const supply = squash(pdfText(await renderBillPdf(sampleDetail({ lines: 2, gstin: null }))));
    expect(supply).toContain("BILL OF SUPPLY");
    expect(supply).not.toContain("GSTIN");
    // A bill of supply carries no tax lines, on the receipt or the A4 page.
    for (const format of ["80mm", "58mm", "a4"] as const) {
      const text = squash(
        pdfText(await renderBillPdf(sampleDetail({ lines: 8, gstin: null }), { format })),
      );
      for (const taxWord of ["CGST", "SGST", "Taxable", "GST", "18%"]) {
        expect(text, `${format}: ${taxWord}`).not.toContain(taxWord);
      }
    }
    const dup = squash(
      pdfText(await renderBillPdf(sampleDetail({ lines: 2 }), { duplicate: true })),
    );
    expect(dup).toContain("DUPLICATE");
    const voided = squash(
      pdfText(await renderBillPdf(sampleDetail({ lines: 2, status: "voided" }))),
    );
    expect(voided).toContain("VOID");
    expect(voided).toContain("Void reason: Customer returned all items");
    const a4 = squash(
      pdfText(await renderBillPdf(sampleDetail({ lines: 2, status: "voided" }), { format: "a4" })),
    );
    expect(a4).toContain("VOID by Asha Owner");
  });

  it("prints Indian-script names as typed, emoji and scripts with no font as □, never breaking the bill", async () => {
    const item = ITEMS[0] as (typeof ITEMS)[number];
    const lines = [
      { ...item, code: "DOODH-1", name: "दूध", qty: 1, discount: 0 },
      { ...item, code: "MANGO-1", name: "Alphonso Mango 🥭 box", qty: 1, discount: 0 },
      { ...item, code: "CAFE-1", name: "Cafe\u0301 Coffee 👨‍👩‍👧", qty: 1, discount: 0 },
      // Odia has no font here: two graphemes, nothing readable left, so the code is added.
      { ...item, code: "ODIA-1", name: "ଚିନି", qty: 1, discount: 0 },
    ];
    const detail = sampleDetail({ lines, customerName: "सुनीता शर्मा 🙏" });
    for (const format of ["80mm", "58mm", "a4"] as const) {
      const bytes = await renderBillPdf(detail, { format });
      const text = squash(pdfText(bytes));
      expect(text).toMatch(/1\.? दूध/); // "1. दूध" on the receipt, "1 दूध" in the A4 table
      expect(text).not.toContain("DOODH-1");
      expect(text).toContain("Alphonso Mango □ box");
      expect(text).toContain("Café Coffee □");
      expect(text).toContain("□□ [ODIA-1]");
      expect(text).toContain("सुनीता शर्मा □");
      expect(text).toContain(format === "a4" ? "Grand total ₹116.00" : "TOTAL ₹116.00");
    }
    expect(printable("दूध")).toBe("दूध");
    expect(printable("Łódź")).toBe("□ódz");
    expect(itemLabel({ name: "🥛🥛", code: "X1" })).toBe("□□ [X1]");
    expect(itemLabel({ name: "Dahi दही", code: "X2" })).toBe("Dahi दही");
  });
});

describe("bill PDF: A4 tax invoice", () => {
  it("paginates 200 lines with the header on every page and totals on the last", async () => {
    const detail = sampleDetail({ lines: 200 });
    const bytes = await renderBillPdf(detail, { format: "a4" });
    const info = pdfInfo(bytes);
    expect(info["Page size"]).toContain("A4");
    const pages = Number(info.Pages);
    expect(pages).toBe(6);
    const seen = new Set<number>();
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(bytes, p);
      expect(text).toContain(`Page ${p} of ${pages}`);
      expect(squash(text)).toMatch(/# Item HSN Qty Rate Disc\. GST Amount/);
      expect(text).toContain("2026-27/000123");
      const hasTotals = text.includes("Grand total");
      expect(hasTotals).toBe(p === pages);
      for (const m of text.matchAll(/^\s*(\d{1,3}) [A-Z]/gm)) seen.add(Number(m[1]));
    }
    // Every line printed (its row number seen), none lost at a page break.
    for (let i = 1; i <= 200; i++) expect(seen.has(i)).toBe(true);
    const last = squash(pdfText(bytes, pages));
    expect(last).toContain(
      `Grand total ₹${(detail.bill.total / 100).toLocaleString("en-IN", { minimumFractionDigits: 2 })}`,
    );
    expect(last).toContain("Amount in words:");
    expect(last).toContain("Rupees Only");
    expect(last).toContain("Authorised signatory");
  });

  it("has the shop header, title, bill meta, tax summary and QR on a short invoice", async () => {
    const bytes = await renderBillPdf(sampleDetail({ lines: sampleLines(6) }), { format: "a4" });
    expect(pdfInfo(bytes).Pages).toBe("1");
    const text = squash(pdfText(bytes));
    for (const expected of [
      "Sharma Kirana & General Store",
      "GSTIN: 27ABCDE1234F1Z5",
      "TAX INVOICE",
      "ORIGINAL FOR RECIPIENT",
      "Bill No: 2026-27/000123",
      "Cashier: Ravi Cashier",
      "Billed to: Meera Kulkarni, +91 XXXXXX3210",
      "GST rate Taxable CGST SGST Total tax",
      "Payment: Cash",
      "Page 1 of 1",
    ]) {
      expect(text).toContain(expected);
    }
    expect(readQr(renderPage(bytes, 1, 150))).toBe("2026-27/000123");
  });
});
