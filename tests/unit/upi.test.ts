import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { upiUri } from "../../src/lib/upi.ts";
import { upiLink } from "../../src/pdf/bill-format.ts";
import { sampleDetail } from "../helpers/bill-detail.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the UPI link", () => {
  it("is the same on the printed bill as at the till for the same payee, amount and note", () => {
    for (const upiId of ["sharmakirana@okicici", "a.b-c@ybl"]) {
      const detail = sampleDetail({ paymentMode: "upi", upiId, number: "2026-27/000123" });
      detail.shop.name = "Sharma Kirana & General Store";
      const till = upiUri(upiId, detail.shop.name, detail.bill.paidUpi, detail.bill.number);
      expect(upiLink(detail)).toBe(till);
    }
    expect(
      upiUri("sharmakirana@okicici", "Sharma Kirana & General Store", 12_600, "2026-27/1"),
    ).toBe(
      "upi://pay?pa=sharmakirana@okicici&pn=Sharma%20Kirana%20%26%20General%20Store&am=126.00&cu=INR&tn=2026-27%2F1",
    );
  });

  it("is built in one place: only src/lib/upi.ts writes upi://pay", () => {
    const builders = sources(join(import.meta.dirname, "../../src")).filter((file) =>
      readFileSync(file, "utf8").includes("upi://pay?"),
    );
    expect(builders.map((f) => f.slice(f.indexOf("src/")))).toEqual(["src/lib/upi.ts"]);
  });
});
