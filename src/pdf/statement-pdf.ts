import { PDFDocument } from "pdf-lib";
import type { StatementDoc } from "../lib/account-docs.ts";
import { shopDateTime, shopDay } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { Flow } from "./account-flow.ts";
import { balanceWords, statementLineText } from "./account-words.ts";
import { embedFonts, printable } from "./fonts.ts";
import { wrapText } from "./pdf-draw.ts";
import { wordsFor } from "./words.ts";

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
  const w = wordsFor(s.shop.receiptLanguage);
  doc.setTitle(
    printable(w("account.statementDoc", { name: s.customer.name, from: s.from, to: s.to })),
  );
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

  f.shopHeader(s.shop, 10, w);
  f.gap(4);
  const title = w("account.statementTitle");
  f.para(title, { size: 12, weight: "bold", align: "center", width: f.width });
  f.gap(4);
  const customer = `${s.customer.name}${s.customer.phone ? ` (${s.customer.phone})` : ""}`;
  f.row(`${w("meta.customer")}: ${customer}`, "", { size: 10, weight: "bold" });
  f.row(
    w("account.period", { from: shopDay(s.from), to: shopDay(s.to) }),
    w("account.printed", { when: shopDateTime(s.generatedAt, s.shop.timeZone) }),
    t,
  );
  if (s.creditLimit) f.row(`${w("account.creditLimit")}: ${formatRupees(s.creditLimit)}`, "", t);
  f.gap(4);
  const bold10 = { size: 10, weight: "bold" as const };
  f.row(w.lines("account.openingOn", { day: shopDay(s.from) }), balanceWords(s.opening, w), bold10);
  f.gap(4);

  const head = () => {
    f.y += LEAD;
    const y = f.y;
    const h = { size: BODY, weight: "bold" as const };
    w.languages.forEach((_, k) => {
      const title = (key: string) => w.lines(key)[k] ?? "";
      const yk = y + k * LEAD;
      f.text(title("meta.date"), COLS.date.x, yk, h);
      f.text(title("account.details"), COLS.what.x, yk, h);
      const debit = { ...h, align: "right" as const, width: COLS.debit.w - 4 };
      f.text(title("account.debit"), COLS.debit.x, yk, debit);
      const credit = { ...h, align: "right" as const, width: COLS.credit.w - 4 };
      f.text(title("account.credit"), COLS.credit.x, yk, credit);
      const balance = { ...h, align: "right" as const, width: COLS.balance.w };
      f.text(title("account.balance"), COLS.balance.x, yk, balance);
    });
    f.y += (w.languages.length - 1) * LEAD;
    f.rule(false);
  };
  head();
  if (s.lines.length === 0) f.row(w("account.noEntries"), "", t);
  for (const line of s.lines) {
    const what = wrapText(fonts, "regular", statementLineText(line, w), BODY, COLS.what.w - 6);
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
  f.row(w("account.totalInPeriod"), "", { ...t, weight: "bold" });
  const y = f.y;
  f.text(formatAmount(s.totalDebit), COLS.debit.x, y, { ...right("debit"), weight: "bold" });
  f.text(formatAmount(s.totalCredit), COLS.credit.x, y, { ...right("credit"), weight: "bold" });
  f.gap(6);
  const closing = w.lines("account.closingOn", { day: shopDay(s.to) });
  f.row(closing, balanceWords(s.closing, w), { size: 11, weight: "bold" });
  if (s.truncated) for (const l of w.lines("account.truncated")) f.para(l, t);
  f.gap(8);
  for (const l of w.lines("account.legend")) f.para(l, { size: BODY - 1, grey: 0.35 });

  const pens = f.draw(doc, PAGE.width, PAGE.height, 0);
  pens.forEach((pen, i) => {
    pen.text(
      w("invoice.page", { page: i + 1, pages: pens.length }),
      PAGE.margin,
      PAGE.height - PAGE.margin + 6,
      {
        size: BODY - 1,
        align: "right",
        width: f.width,
        grey: 0.35,
      },
    );
    pen.finish();
  });
  return doc.save({ useObjectStreams: false });
}

/** A running balance: owed as is, store credit in brackets. */
function signed(balance: number): string {
  return balance < 0 ? `(${formatAmount(-balance)})` : formatAmount(balance);
}
