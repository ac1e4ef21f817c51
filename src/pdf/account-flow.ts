import type { PDFDocument } from "pdf-lib";
import type { AccountShop } from "../lib/account-docs.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { fitLabel, Pen, type TextOptions, textWidth, wrapText } from "./pdf-draw.ts";
import type { Words } from "./words.ts";

/**
 * A top-down layout for the account documents (payment receipt, statement),
 * drawn with the bill PDFs' Pen and wrapText so they print the same fonts and
 * scripts. Operations are recorded first; `draw` then puts them on pages
 * (a thermal roll gets one page as tall as the content).
 */

type Op = (pen: Pen) => void;

export class Flow {
  /** Ops per page; the last is the page being filled. */
  pages: Op[][] = [[]];
  y: number;
  constructor(
    readonly fonts: EmbeddedFonts,
    readonly left: number,
    readonly width: number,
    readonly top: number,
  ) {
    this.y = top;
  }
  private get ops(): Op[] {
    return this.pages[this.pages.length - 1] as Op[];
  }
  push(op: Op): void {
    this.ops.push(op);
  }
  text(t: string, x: number, baseline: number, o: TextOptions): void {
    this.push((p) => p.text(t, x, baseline, o));
  }
  /**
   * Advance by `lead`, then left text and optional right-aligned text on one
   * baseline; a label in both languages that does not fit beside the right
   * text takes a line each (pdf-draw.ts `fitLabel`).
   */
  row(left: string | string[], right: string, o: TextOptions, lead = o.size * 1.4): void {
    const weight = o.weight ?? "regular";
    const room = this.width - (right ? textWidth(this.fonts, weight, right, o.size) + 2 : 0);
    const lines = fitLabel(
      this.fonts,
      weight,
      typeof left === "string" ? [left] : left,
      o.size,
      room,
    );
    this.y += lead;
    const y = this.y;
    if (lines[0]) this.text(lines[0], this.left, y, o);
    if (right) this.text(right, this.left, y, { ...o, align: "right", width: this.width });
    for (const line of lines.slice(1)) {
      this.y += o.size * 1.3;
      this.text(line, this.left, this.y, o);
    }
  }
  /** Wrapped text, one row per line. */
  para(t: string, o: TextOptions, maxWidth = this.width): void {
    for (const line of wrapText(this.fonts, o.weight ?? "regular", t, o.size, maxWidth)) {
      this.y += o.size * 1.3;
      const y = this.y;
      this.text(line, this.left, y, { ...o, width: this.width });
    }
  }
  rule(dashed = true): void {
    this.y += 4;
    const y = this.y;
    this.push((p) => p.line(this.left, this.left + this.width, y, { dashed }));
    this.y += 1;
  }
  gap(h: number): void {
    this.y += h;
  }
  newPage(): void {
    this.pages.push([]);
    this.y = this.top;
  }
  /** The shop's header, centred. */
  shopHeader(shop: AccountShop, size: number, w: Words): void {
    const center = { align: "center" as const, width: this.width };
    this.para(shop.name, { size: size + 4, weight: "bold", ...center });
    if (shop.address) this.para(shop.address, { size: size - 1, ...center });
    if (shop.phone) this.para(`${w("shop.ph")}: ${shop.phone}`, { size: size - 1, ...center });
    if (shop.gstin) this.para(`${w("shop.gstin")}: ${shop.gstin}`, { size: size - 1, ...center });
  }
  /** Adds the pages to `doc`: `height` null = as tall as the content (one page). */
  draw(doc: PDFDocument, pageWidth: number, height: number | null, bottomMargin: number): Pen[] {
    const pens: Pen[] = [];
    for (const ops of this.pages) {
      const h = height ?? this.y + bottomMargin;
      const pen = new Pen(doc.addPage([pageWidth, h]), this.fonts, h);
      for (const op of ops) op(pen);
      pens.push(pen);
    }
    return pens;
  }
}
