import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RETURN_REASONS } from "../../src/db/return-types.ts";
import type { PaymentReceiptDoc, StatementDoc } from "../../src/lib/account-docs.ts";
import type { ReceiptLanguage } from "../../src/lib/i18n.ts";
import { amountInWordsHi, integerInWordsHi } from "../../src/pdf/amount-in-words-hi.ts";
import { renderBillPdf } from "../../src/pdf/bill-pdf.ts";
import { renderCreditNotePdf } from "../../src/pdf/credit-note-pdf.ts";
import { renderPaymentReceiptPdf } from "../../src/pdf/payment-receipt-pdf.ts";
import { renderStatementPdf } from "../../src/pdf/statement-pdf.ts";
import { receiptBlocks } from "../../src/services/printing/escpos-receipt.ts";
import { sampleDetail } from "../helpers/bill-detail.ts";
import { sampleCreditNote } from "../helpers/credit-note-detail.ts";
import { pdfText } from "../helpers/pdf.ts";

/**
 * Printed documents in the shop's receipt language (docs/architecture.md §9):
 * Hindi labels and the amount in words in Hindi, both languages where the
 * shop asks, every label fitting its paper. English is held by bill-pdf.test.ts
 * and escpos-receipt.test.ts.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const squash = (s: string) => s.replace(/\s+/g, " ");

function bill(lang: ReceiptLanguage, o: Parameters<typeof sampleDetail>[0] = {}) {
  const d = sampleDetail({ lines: 8, ...o });
  d.shop.receiptLanguage = lang;
  return d;
}
function note(lang: ReceiptLanguage, o: Parameters<typeof sampleCreditNote>[0] = {}) {
  const d = sampleCreditNote(o);
  d.shop.receiptLanguage = lang;
  return d;
}

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
  pageWidth: number;
}

/** Every word pdftotext finds, with its box in points. */
function words(bytes: Uint8Array): Word[] {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-fit-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, bytes);
    const xml = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const out: Word[] = [];
    xml
      .split("<page ")
      .slice(1)
      .forEach((page, i) => {
        const pageWidth = Number(page.match(/width="([\d.]+)"/)?.[1]);
        for (const m of page.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ))
          out.push({
            page: i + 1,
            xMin: Number(m[1]),
            yMin: Number(m[2]),
            xMax: Number(m[3]),
            yMax: Number(m[4]),
            text: m[5] ?? "",
            pageWidth,
          });
      });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Words outside the printable width (`margin` pt each side) or running into one another. */
function misfits(bytes: Uint8Array, margin: number): string[] {
  const all = words(bytes);
  const bad: string[] = [];
  for (const w of all)
    if (w.xMin < margin - 0.5 || w.xMax > w.pageWidth - margin + 0.5)
      bad.push(`"${w.text}" outside the paper (${w.xMin.toFixed(1)}–${w.xMax.toFixed(1)})`);
  // Boxes are the font's full height; their middle half is what a reader sees as the line.
  const band = (w: Word) => {
    const q = (w.yMax - w.yMin) / 4;
    return [w.yMin + q, w.yMax - q];
  };
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as Word;
      const b = all[j] as Word;
      if (a.page !== b.page) continue;
      const [a0, a1] = band(a);
      const [b0, b1] = band(b);
      const across = a.xMin < b.xMax - 0.5 && b.xMin < a.xMax - 0.5;
      const down = (a0 ?? 0) < (b1 ?? 0) && (b0 ?? 0) < (a1 ?? 0);
      if (across && down) bad.push(`"${a.text}" runs into "${b.text}"`);
    }
  return bad;
}

describe("amount in words in Hindi (Indian system)", () => {
  it("writes hundreds, thousands, lakhs and crores with Hindi's own words below a hundred", () => {
    expect(amountInWordsHi(18_000)).toBe("एक सौ अस्सी रुपये मात्र");
    expect(amountInWordsHi(12_345_650)).toBe("एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे मात्र");
    expect(integerInWordsHi(10_000_000)).toBe("एक करोड़");
    expect(integerInWordsHi(1_234_567_890)).toBe("एक सौ तेईस करोड़ पैंतालीस लाख सड़सठ हज़ार आठ सौ नब्बे");
    expect(integerInWordsHi(99_99_999)).toBe("निन्यानवे लाख निन्यानवे हज़ार नौ सौ निन्यानवे");
    expect(integerInWordsHi(79)).toBe("उन्यासी");
    expect(integerInWordsHi(45)).toBe("पैंतालीस");
  });

  it("handles the small and awkward amounts", () => {
    expect(amountInWordsHi(0)).toBe("शून्य रुपये मात्र");
    expect(amountInWordsHi(100)).toBe("एक रुपया मात्र");
    expect(amountInWordsHi(5)).toBe("पाँच पैसे मात्र");
    expect(amountInWordsHi(-250)).toBe("ऋण दो रुपये और पचास पैसे मात्र");
    expect(() => amountInWordsHi(1.5)).toThrow(RangeError);
  });
});

describe("the pdf namespace", () => {
  it("has every label the documents ask for (w(), w.lines(), one() literals)", () => {
    const en = JSON.parse(readFileSync(path.join(root, "locales/en/pdf.json"), "utf8"));
    const has = (key: string) =>
      key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], en) !==
        undefined ||
      key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], {
        ...en,
        totals: { ...en.totals, subtotalLines: en.totals.subtotalLines_one },
      }) !== undefined;
    const files = [
      ...readdirSync(path.join(root, "src/pdf")).map((f) => `src/pdf/${f}`),
      "src/services/printing/escpos-receipt.ts",
    ];
    const missing: string[] = [];
    let found = 0;
    for (const f of files) {
      const src = readFileSync(path.join(root, f), "utf8");
      for (const m of src.matchAll(/\b(?:w|one|words)(?:\.lines)?\(\s*"([a-zA-Z.]+)"/g)) {
        found++;
        if (!has(m[1] as string)) missing.push(`${f}: ${m[1]}`);
      }
      for (const m of src.matchAll(/\b(?:title|key): "([a-z]+\.[a-zA-Z.]+)"/g))
        if (!has(m[1] as string)) missing.push(`${f}: ${m[1]}`);
    }
    expect(found).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  });

  it("has a printed word for every return reason, in both languages", () => {
    for (const lng of ["en", "hi"]) {
      const words = JSON.parse(readFileSync(path.join(root, `locales/${lng}/pdf.json`), "utf8"));
      for (const code of Object.keys(RETURN_REASONS))
        expect(words.reason?.[code], `${lng} pdf:reason.${code}`).toBeTruthy();
    }
  });
});

describe("bill PDF in Hindi and in both languages", () => {
  it("names a walk-in and an erased customer in the receipt language, on the roll and the invoice", async () => {
    for (const [kind, hi] of [
      ["walk-in", "बिना नाम"],
      ["erased", "हटाया गया ग्राहक"],
    ] as const) {
      const english = kind === "walk-in" ? "Walk-in" : "Erased customer";
      const d = bill("hi");
      d.customer = { kind, id: kind === "erased" ? 7 : null, name: english, phone: "" };
      const roll = squash(pdfText(await renderBillPdf(d, { format: "80mm" })));
      expect(roll).toContain(`ग्राहक: ${hi}`);
      expect(roll).not.toContain(english);
      expect(squash(pdfText(await renderBillPdf(d, { format: "a4" })))).toContain(hi);
      const en = bill("en");
      en.customer = d.customer;
      expect(squash(pdfText(await renderBillPdf(en, { format: "80mm" })))).toContain(
        `Customer: ${english}`,
      );
    }
  });

  it("80 mm in Hindi: the labels and the amount in words in Hindi, no English label", async () => {
    const text = squash(pdfText(await renderBillPdf(bill("hi"), { format: "80mm" })));
    for (const expected of [
      "फ़ोन: 020 2345 6789",
      "GSTIN: 27ABCDE1234F1Z5",
      "कर बीजक",
      "बिल नं.: 2026-27/000123",
      "दिनांक: 25-11-2026 03:04 PM",
      "कैशियर: Ravi Cashier",
      "ग्राहक: Meera Kulkarni (+91 XXXXXX3210)",
      "सामान (HSN · GST) मात्रा दर राशि",
      "छूट -5.00",
      "उप-योग (8 आइटम) ₹1,746.00",
      "सामान पर छूट -₹10.00",
      "कर योग्य मूल्य ₹1,607.90",
      "CGST @2.5%, 1,116.20 पर ₹27.90",
      "कुल ₹1,736.00",
      "एक हज़ार सात सौ छत्तीस रुपये मात्र",
      "भुगतान: नकद",
      "दिए गए ₹2,000.00",
      "लौटाए गए ₹264.00",
      "बिल 2026-27/000123",
    ])
      expect(text).toContain(expected);
    for (const english of ["TOTAL", "Subtotal", "Bill No", "Rupees", "Paid by", "Cashier:"])
      expect(text).not.toContain(english);
  });

  it("80 mm in both: each label in English and Hindi, the amount in words in both", async () => {
    const d = bill("both", { paymentMode: "upi" });
    const text = squash(pdfText(await renderBillPdf(d, { format: "80mm", duplicate: true })));
    for (const expected of [
      "TAX INVOICE / कर बीजक",
      "DUPLICATE / प्रतिलिपि",
      "Bill No / बिल नं.: 2026-27/000123",
      "Subtotal (8 lines) / उप-योग (8 आइटम) ₹1,746.00",
      "TOTAL / कुल ₹1,736.00",
      "One Thousand Seven Hundred Thirty-Six Rupees Only",
      "एक हज़ार सात सौ छत्तीस रुपये मात्र",
      "Paid by: UPI / भुगतान: UPI",
      "Scan to pay / भुगतान हेतु स्कैन करें ₹1,736.00",
    ])
      expect(text).toContain(expected);
  });

  it("A4 invoice in Hindi and in both", async () => {
    const hi = squash(pdfText(await renderBillPdf(bill("hi"), { format: "a4" })));
    for (const expected of [
      "कर बीजक",
      "प्राप्तकर्ता हेतु मूल प्रति",
      "ग्राहक: Meera Kulkarni",
      "कुल योग ₹1,736.00",
      "राशि शब्दों में: एक हज़ार सात सौ छत्तीस रुपये मात्र",
      "GST दर कर योग्य CGST SGST कुल कर",
      "कृते Sharma Kirana",
      "अधिकृत हस्ताक्षरकर्ता",
      "पृष्ठ 1 / 1",
    ])
      expect(hi).toContain(expected);
    expect(hi).not.toContain("Grand total");
    const both = squash(pdfText(await renderBillPdf(bill("both"), { format: "a4" })));
    for (const expected of [
      "Grand total / कुल योग ₹1,736.00",
      "Amount in words / राशि शब्दों में: One Thousand Seven Hundred Thirty-Six Rupees Only एक हज़ार सात सौ छत्तीस रुपये मात्र",
      "Page 1 of 1 / पृष्ठ 1 / 1",
    ])
      expect(both).toContain(expected);
  });

  it("a bill of supply and a voided bill in Hindi", async () => {
    const d = bill("hi", { gstin: null, status: "voided" });
    const text = squash(pdfText(await renderBillPdf(d, { format: "a4" })));
    expect(text).toContain("आपूर्ति बिल");
    expect(text).toContain(
      "रद्द, Asha Owner द्वारा, 25-11-2026 03:30 PM: Customer returned all items",
    );
    const roll = squash(pdfText(await renderBillPdf(d, { format: "80mm" })));
    expect(roll).toContain("रद्द करने का कारण: Customer returned all items");
  });

  it("every label fits the paper in both languages: inside the printable width, never into another", async () => {
    for (const o of [{}, { paymentMode: "split" as const }, { gstin: null, unpaid: true }]) {
      const d = bill("both", o);
      expect(
        misfits(await renderBillPdf(d, { format: "80mm", duplicate: true }), 4 * 2.83),
      ).toEqual([]);
      expect(
        misfits(await renderBillPdf(d, { format: "58mm", duplicate: true }), 5 * 2.83),
      ).toEqual([]);
      expect(misfits(await renderBillPdf(d, { format: "a4" }), 36)).toEqual([]);
    }
    const cn = note("both", { exchange: true });
    expect(
      misfits(await renderCreditNotePdf(cn, { format: "80mm", duplicate: true }), 4 * 2.83),
    ).toEqual([]);
    expect(misfits(await renderCreditNotePdf(cn, { format: "a4", duplicate: true }), 36)).toEqual(
      [],
    ); // The 58 mm roll too, in every receipt language ("Item returned" once ran into "Qty").
    for (const lang of ["en", "hi", "both"] as const) {
      const roll = note(lang, { exchange: true });
      expect(
        misfits(await renderCreditNotePdf(roll, { format: "58mm", duplicate: true }), 5 * 2.83),
        lang,
      ).toEqual([]);
    }
  });
});

describe("credit note PDF in Hindi and in both languages", () => {
  it("80 mm and A4 in Hindi", async () => {
    const roll = squash(
      pdfText(await renderCreditNotePdf(note("hi"), { format: "80mm", duplicate: false })),
    );
    for (const expected of [
      "क्रेडिट नोट",
      "क्रेडिट नोट नं.: CN-2026-27/00012",
      "बिल 2026-27/000123 (25-11-2026 03:04 PM) के बदले",
      "कारण: ग़लत सामान या साइज़ – Packet torn",
      "स्वीकृति: Asha Owner",
      "लौटाया सामान मात्रा दर राशि",
      "ख़राब: बट्टे खाते में",
      "लौटाए सामान का मूल्य ₹916.00",
      "वापसी राशि ₹916.00",
      "नौ सौ सोलह रुपये मात्र",
      "वापसी का तरीका:",
      "नकद ₹916.00",
      "ग्राहक के हस्ताक्षर",
    ])
      expect(roll).toContain(expected);
    const a4 = squash(
      pdfText(await renderCreditNotePdf(note("hi"), { format: "a4", duplicate: true })),
    );
    for (const expected of [
      "प्रतिलिपि",
      "मूल बिल: 2026-27/000123",
      "दर अनुसार GST वापसी",
      "राशि शब्दों में: नौ सौ सोलह रुपये मात्र",
    ])
      expect(a4).toContain(expected);
  });

  it("in both: REFUND / वापसी राशि and the amount in words twice", async () => {
    const text = squash(
      pdfText(
        await renderCreditNotePdf(note("both", { exchange: true }), {
          format: "80mm",
          duplicate: false,
        }),
      ),
    );
    expect(text).toContain("CREDIT NOTE / क्रेडिट नोट");
    expect(text).toContain("REFUND / वापसी राशि ₹916.00");
    expect(text).toContain("Nine Hundred Sixteen Rupees Only नौ सौ सोलह रुपये मात्र");
    expect(text).toContain("Exchange: bill / बदली: बिल");
    expect(text).toContain("2026-27/000130");
  });
});

describe("account documents in Hindi", () => {
  const shop = {
    name: "Sharma Kirana",
    address: "MG Road, Pune",
    phone: "020 2345 6789",
    gstin: null,
    timeZone: "Asia/Kolkata",
    receiptFormat: "80mm" as const,
    receiptLanguage: "hi" as const,
  };
  it("the payment receipt", async () => {
    const doc: PaymentReceiptDoc = {
      shop,
      number: "PR-00012",
      at: "2026-11-25 09:30:00",
      customer: { name: "मीरा", phone: "" },
      mode: "Cash",
      paymentMode: "cash",
      receivedBy: "Ravi",
      note: null,
      previousBalance: 30_000,
      amount: 18_000,
      balance: 12_000,
    };
    const text = squash(pdfText(await renderPaymentReceiptPdf(doc, "80mm")));
    for (const expected of [
      "भुगतान रसीद",
      "रसीद नं.: PR-00012",
      "भुगतानकर्ता: मीरा",
      "भुगतान: नकद",
      "पिछली बाक़ी ₹300.00 बाक़ी",
      "प्राप्त भुगतान ₹180.00",
      "नई बाक़ी ₹120.00 बाक़ी",
      "एक सौ अस्सी रुपये मात्र",
      "धन्यवाद!",
    ])
      expect(text).toContain(expected);
  });

  it("the statement, its entries worded in Hindi", async () => {
    const entry = (kind: string, reference: string | null, billNumber: string | null) => ({
      kind,
      reference,
      note: null,
      paymentMode: kind === "payment" ? "upi" : null,
      billNumber,
    });
    const doc: StatementDoc = {
      shop,
      customer: { name: "मीरा", phone: "" },
      from: "2026-11-01",
      to: "2026-11-30",
      opening: 0,
      lines: [
        {
          at: "2026-11-25 09:30:00",
          description: "Bill 2026-27/000123 on account",
          entry: entry("credit_sale", null, "2026-27/000123"),
          debit: 10_000,
          credit: 0,
          balance: 10_000,
        },
        {
          at: "2026-11-26 09:30:00",
          description: "Payment received PR-00012 (UPI)",
          entry: entry("payment", "PR-00012", null),
          debit: 0,
          credit: 4_000,
          balance: 6_000,
        },
      ],
      truncated: false,
      totalDebit: 10_000,
      totalCredit: 4_000,
      closing: 6_000,
      creditLimit: 0,
      generatedAt: "2026-11-30 10:00:00",
    };
    const text = squash(pdfText(await renderStatementPdf(doc)));
    for (const expected of [
      "खाता विवरण",
      "अवधि: 01-11-2026 से 30-11-2026",
      "दिनांक विवरण नामे जमा बाक़ी",
      "बिल 2026-27/000123 उधार खाते में",
      "भुगतान मिला PR-00012 (UPI)",
      "अवधि का योग",
      "30-11-2026 को अंतिम बाक़ी ₹60.00 बाक़ी",
      "पृष्ठ 1 / 1",
    ])
      expect(text).toContain(expected);
  });
});

describe("ESC/POS receipt in Hindi", () => {
  const layout = { paper: "80mm" as const, columns: 48, rupeeText: false };
  it("has the Hindi labels; they and the column titles are image lines, the figures text", () => {
    const blocks = receiptBlocks(bill("hi"), layout, true).filter((b) => "left" in b);
    const lefts = blocks.map((b) => ("left" in b ? b.left : ""));
    for (const expected of [
      "कर बीजक",
      "*** प्रतिलिपि ***",
      "बिल नं.: 2026-27/000123",
      "कुल",
      "एक हज़ार सात सौ छत्तीस रुपये मात्र",
      "भुगतान: नकद",
    ])
      expect(lefts).toContain(expected);
    const head = blocks.find((b) => "cells" in b && b.cells);
    expect(head && "cells" in head ? head.cells?.map(([t]) => t) : []).toEqual([
      "सामान (HSN GST)",
      "मात्रा",
      "दर",
      "राशि",
    ]);
  });

  it("in both, a label too long beside its amount takes a row each", () => {
    const narrow = { paper: "58mm" as const, columns: 32, rupeeText: true };
    const blocks = receiptBlocks(bill("both"), narrow, false).filter((b) => "left" in b);
    const i = blocks.findIndex((b) => "left" in b && b.left === "CGST @2.5% on 1,116.20");
    expect(i).toBeGreaterThan(0);
    expect(blocks[i + 1]).toMatchObject({ left: "CGST @2.5%, 1,116.20 पर" });
    expect(blocks).toContainEqual(expect.objectContaining({ left: "TOTAL", big: true }));
    expect(blocks).toContainEqual(expect.objectContaining({ left: "कुल", bold: true }));
    const wide = receiptBlocks(bill("both"), layout, false);
    expect(wide).toContainEqual(expect.objectContaining({ left: "TOTAL / कुल", big: true }));
  });
});
