import { describe, expect, it } from "vitest";
import { amountInWords, integerInWords } from "../../src/pdf/amount-in-words.ts";

describe("amount in words (Indian system)", () => {
  it("writes lakhs and crores, not millions", () => {
    expect(amountInWords(12_345_650)).toBe(
      "One Lakh Twenty-Three Thousand Four Hundred Fifty-Six Rupees and Fifty Paise Only",
    );
    expect(integerInWords(10_000_000)).toBe("One Crore");
    expect(integerInWords(1_234_567_890)).toBe(
      "One Hundred Twenty-Three Crore Forty-Five Lakh Sixty-Seven Thousand Eight Hundred Ninety",
    );
    expect(integerInWords(100_000)).toBe("One Lakh");
    expect(integerInWords(99_99_999)).toBe(
      "Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine",
    );
  });

  it("handles the small and awkward amounts", () => {
    expect(amountInWords(0)).toBe("Zero Rupees Only");
    expect(amountInWords(100)).toBe("One Rupee Only");
    expect(amountInWords(5)).toBe("Five Paise Only");
    expect(amountInWords(1_100)).toBe("Eleven Rupees Only");
    expect(amountInWords(173_600)).toBe("One Thousand Seven Hundred Thirty-Six Rupees Only");
    expect(amountInWords(-250)).toBe("Minus Two Rupees and Fifty Paise Only");
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });
});
