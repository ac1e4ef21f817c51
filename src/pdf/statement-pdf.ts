import { PDFDocument } from "pdf-lib";
import type { StatementDoc } from "../lib/account-docs.ts";
import { shopDateTime, shopDay } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { Flow } from "./account-flow.ts";
import { embedFonts, printable } from "./fonts.ts";
import { balanceText } from "./payment-receipt-pdf.ts";
import { wrapText } from "./pdf-draw.ts";

/**
 * A customer's account statement on A4: shop and customer, the period, the
 * opening balance, every entry (date, what it was, debit, credit, running
 * balance) with the column heads repeated on each page, the closing balance,
 * and "Page i of n". Pure: drawn from a StatementDoc.
 */

const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const BOTTOM = PAGE.height - PAGE.margin - 24;
const BODY = 8.5;
const LEAD = 11;
const COLS = {
  date: { x: PAGE.margin, w: 100 },
  what: { x: PAGE.margin + 100, w: 222 },
  debit: { x: PAGE.margin + 322, w: 66 },
  credit: { x: PAGE.margin + 388, w: 66 },
  balance: { x: PAGE.margin + 454, w: 69 },
};

export async function renderStatementPdf(s: StatementDoc): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(printable(`Statement ${s.customer.name} ${s.from} to ${s.to}`));
  doc.setAuthor(printable(s.shop.name));
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  const f = new Flow(fonts, PAGE.margin, PAGE.width - PAGE.margin * 2, PAGE.margin);
  const t = { size: BODY };
  const right = (col: keyof typeof COLS) => ({
    ...t,
    align: "right" as const,
    width: COLS[col].w - 4,
  });

  f.shopHeader(s.shop, 10);
  f.gap(4);
  f.para("STATEMENT OF ACCOUNT", { size: 12, weight: "bold", align: "center", width: f.width });
  f.gap(4);
  f.row(`Customer: ${s.customer.name}${s.customer.phone ? ` (${s.customer.phone})` : ""}`, "", {
    size: 10,
    weight: "bold",
  });
  f.row(
    `Period: ${shopDay(s.from)} to ${shopDay(s.to)}`,
    `Printed ${shopDateTime(s.generatedAt, s.shop.timeZone)}`,
    t,
  );
  if (s.creditLimit) f.row(`Credit limit: ${formatRupees(s.creditLimit)}`, "", t);
  f.gap(4);
  f.row(`Opening balance on ${shopDay(s.from)}`, balanceText(s.opening), {
    size: 10,
    weight: "bold",
  });
  f.gap(4);

  const head = () => {
    f.y += LEAD;
    const y = f.y;
    const h = { size: BODY, weight: "bold" as const };
    f.text("Date", COLS.date.x, y, h);
    f.text("Details", COLS.what.x, y, h);
    f.text("Debit", COLS.debit.x, y, { ...h, align: "right", width: COLS.debit.w - 4 });
    f.text("Credit", COLS.credit.x, y, { ...h, align: "right", width: COLS.credit.w - 4 });
    f.text("Balance", COLS.balance.x, y, { ...h, align: "right", width: COLS.balance.w });
    f.rule(false);
  };
  head();
  if (s.lines.length === 0) f.row("No entries in this period.", "", t);
  for (const line of s.lines) {
    const what = wrapText(fonts, "regular", line.description, BODY, COLS.what.w - 6);
    if (f.y + what.length * LEAD + 4 > BOTTOM) {
      f.newPage();
      head();
    }
    const base = f.y + LEAD;
    f.text(shopDateTime(line.at, s.shop.timeZone), COLS.date.x, base, t);
    what.forEach((w, i) => {
      f.text(w, COLS.what.x, base + i * LEAD, t);
    });
    if (line.debit) f.text(formatAmount(line.debit), COLS.debit.x, base, right("debit"));
    if (line.credit) f.text(formatAmount(line.credit), COLS.credit.x, base, right("credit"));
    f.text(signed(line.balance), COLS.balance.x, base, {
      ...t,
      align: "right",
      width: COLS.balance.w,
    });
    f.y += what.length * LEAD + 2;
    const y = f.y;
    f.push((p) => p.line(PAGE.margin, PAGE.margin + f.width, y, { thickness: 0.25 }));
  }
  if (f.y + 5 * LEAD > BOTTOM) f.newPage();
  f.rule(false);
  f.row("Total in period", "", { ...t, weight: "bold" });
  const y = f.y;
  f.text(formatAmount(s.totalDebit), COLS.debit.x, y, { ...right("debit"), weight: "bold" });
  f.text(formatAmount(s.totalCredit), COLS.credit.x, y, { ...right("credit"), weight: "bold" });
  f.gap(6);
  f.row(`Closing balance on ${shopDay(s.to)}`, balanceText(s.closing), {
    size: 11,
    weight: "bold",
  });
  if (s.truncated)
    f.para("More entries than one statement prints: choose a shorter period for the rest.", t);
  f.gap(8);
  f.para(
    "Debit: bills put on account. Credit: payments received, store credit and write-offs. A balance in brackets is store credit the shop owes the customer.",
    { size: BODY - 1, grey: 0.35 },
  );

  const pens = f.draw(doc, PAGE.width, PAGE.height, 0);
  pens.forEach((pen, i) => {
    pen.text(`Page ${i + 1} of ${pens.length}`, PAGE.margin, PAGE.height - PAGE.margin + 6, {
      size: BODY - 1,
      align: "right",
      width: f.width,
      grey: 0.35,
    });
    pen.finish();
  });
  return doc.save({ useObjectStreams: false });
}

/** A running balance: owed as is, store credit in brackets. */
function signed(balance: number): string {
  return balance < 0 ? `(${formatAmount(-balance)})` : formatAmount(balance);
}
