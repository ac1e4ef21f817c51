import { amountInWordsHi } from "./amount-in-words-hi.ts";
import type { Words } from "./words.ts";

/**
 * Amounts in words, Indian numbering system (thousand, lakh, crore), as
 * printed on a tax invoice: 12345650 paise → "One Lakh Twenty-Three Thousand
 * Four Hundred Fifty-Six Rupees and Fifty Paise Only".
 */

const ONES = [
  "Zero",
  "One",
  "Two",
  "Three",
  "Four",
  "Five",
  "Six",
  "Seven",
  "Eight",
  "Nine",
  "Ten",
  "Eleven",
  "Twelve",
  "Thirteen",
  "Fourteen",
  "Fifteen",
  "Sixteen",
  "Seventeen",
  "Eighteen",
  "Nineteen",
];
const TENS = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"];

function belowHundred(n: number): string {
  if (n < 20) return ONES[n] as string;
  const tens = TENS[Math.floor(n / 10)] as string;
  return n % 10 ? `${tens}-${ONES[n % 10]}` : tens;
}

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds) parts.push(`${ONES[hundreds]} Hundred`);
  if (rest) parts.push(belowHundred(rest));
  return parts.join(" ");
}

/** A whole number in words, Indian system; crores above 99 repeat ("One Hundred Crore"). */
export function integerInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole amount: ${n}`);
  if (n === 0) return "Zero";
  const parts: string[] = [];
  const crore = Math.floor(n / 10_000_000);
  let rest = n % 10_000_000;
  if (crore) parts.push(`${integerInWords(crore)} Crore`);
  const lakh = Math.floor(rest / 100_000);
  rest %= 100_000;
  if (lakh) parts.push(`${belowHundred(lakh)} Lakh`);
  const thousand = Math.floor(rest / 1000);
  rest %= 1000;
  if (thousand) parts.push(`${belowHundred(thousand)} Thousand`);
  if (rest) parts.push(belowThousand(rest));
  return parts.join(" ");
}

/** Paise in words: "Rupees … and … Paise Only" in the order Indian invoices print it. */
export function amountInWords(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`not an amount in paise: ${paise}`);
  const minus = paise < 0 ? "Minus " : "";
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const p = abs % 100;
  const rupeePart = `${integerInWords(rupees)} ${rupees === 1 ? "Rupee" : "Rupees"}`;
  if (!p) return `${minus}${rupeePart} Only`;
  if (!rupees) return `${minus}${belowHundred(p)} Paise Only`;
  return `${minus}${rupeePart} and ${belowHundred(p)} Paise Only`;
}

/** The amount in words in the document's language(s), one line each: English, Hindi or both. */
export function amountInWordsLines(paise: number, words: Words): string[] {
  return words.languages.map((l) => (l === "hi" ? amountInWordsHi(paise) : amountInWords(paise)));
}
