import { describe, expect, it } from "vitest";
import { msg, translate } from "../../src/lib/i18n.ts";
import { readStoredText, storeText } from "../../src/lib/stored-text.ts";

describe("a Text kept in one column", () => {
  it("keeps a Msg as {key, params} and reads it back; plain text stays as it is", () => {
    const m = msg("printing:failure.refused", { where: "192.168.1.87:9100" });
    const stored = storeText(m, 300);
    expect(JSON.parse(stored)).toEqual(m);
    expect(readStoredText(stored)).toEqual(m);
    expect(readStoredText(storeText(msg("printing:failure.interrupted"), 300))).toEqual({
      key: "printing:failure.interrupted",
    });
    const old = "The printer at 10.0.0.9:9100 hung up";
    expect(storeText(old, 300)).toBe(old);
    expect(readStoredText(old)).toBe(old);
    expect(readStoredText('{"key": broken')).toBe('{"key": broken');
  });

  it("fits the column by shortening the longest parameter, never by cutting the JSON", () => {
    const reason = `lp: ${"x".repeat(400)}`;
    const m = msg("printing:failure.os.failed", { kind: "queue", name: "receipt", reason });
    const stored = storeText(m, 300);
    expect(stored.length).toBeLessThanOrEqual(300);
    const back = readStoredText(stored);
    expect(back).toMatchObject({ key: m.key, params: { kind: "queue", name: "receipt" } });
    const shortened = String((back as typeof m).params?.reason);
    expect(shortened.startsWith("lp: xxx")).toBe(true);
    expect(shortened.endsWith("…")).toBe(true);
    expect(translate(back)).toMatch(/^Printing to print queue "receipt" failed: lp: x+…$/);
    // Nothing to shorten: the English words, cut, rather than broken JSON.
    expect(storeText(msg("printing:failure.outOfPaper"), 10)).toBe("The printe");
  });
});
