/**
 * Amounts in words in Hindi, Indian numbering system (हज़ार, लाख, करोड़), as
 * a Hindi invoice prints it: 18000 paise → "एक सौ अस्सी रुपये मात्र". Hindi
 * names every number below a hundred by its own word, so they are a table.
 */

const BELOW_HUNDRED = (
  "शून्य एक दो तीन चार पाँच छह सात आठ नौ " +
  "दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस " +
  "बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस " +
  "तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस " +
  "चालीस इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास " +
  "पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ " +
  "साठ इकसठ बासठ तिरेसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर " +
  "सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी " +
  "अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी " +
  "नब्बे इक्यानवे बानवे तिरानवे चौरानवे पंचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे"
).split(" ");

function belowHundred(n: number): string {
  return BELOW_HUNDRED[n] as string;
}

/** A whole number in Hindi words; crores above 99 repeat ("एक सौ करोड़"). */
export function integerInWordsHi(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole amount: ${n}`);
  if (n === 0) return belowHundred(0);
  const parts: string[] = [];
  const crore = Math.floor(n / 10_000_000);
  let rest = n % 10_000_000;
  if (crore) parts.push(`${integerInWordsHi(crore)} करोड़`);
  const lakh = Math.floor(rest / 100_000);
  rest %= 100_000;
  if (lakh) parts.push(`${belowHundred(lakh)} लाख`);
  const thousand = Math.floor(rest / 1000);
  rest %= 1000;
  if (thousand) parts.push(`${belowHundred(thousand)} हज़ार`);
  const hundred = Math.floor(rest / 100);
  rest %= 100;
  if (hundred) parts.push(`${belowHundred(hundred)} सौ`);
  if (rest) parts.push(belowHundred(rest));
  return parts.join(" ");
}

/** Paise in Hindi words: "… रुपये और … पैसे मात्र" (एक रुपया, ऋण for a negative amount). */
export function amountInWordsHi(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`not an amount in paise: ${paise}`);
  const minus = paise < 0 ? "ऋण " : "";
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const p = abs % 100;
  const rupeePart = `${integerInWordsHi(rupees)} ${rupees === 1 ? "रुपया" : "रुपये"}`;
  if (!p) return `${minus}${rupeePart} मात्र`;
  if (!rupees) return `${minus}${belowHundred(p)} पैसे मात्र`;
  return `${minus}${rupeePart} और ${belowHundred(p)} पैसे मात्र`;
}
