import { describe, expect, it } from "vitest";
import { dayStartMs, localDayOf } from "../../src/lib/days.ts";

/** The shop-local date by a fresh Intl formatter: what localDayOf must give. */
function reference(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return f.format(new Date(ms));
}

describe("shop-local days with the last second remembered (src/lib/days.ts)", () => {
  it("gives each instant its own day, across zones, midnights and the ms of one second", () => {
    const zones = ["Asia/Kolkata", "America/New_York", "Asia/Kathmandu", "UTC"];
    // Instants around the zones' midnights and a DST change, each asked at several ms of its
    // second, with the zones interleaved so a remembered second of another zone is never used.
    const base = [
      Date.UTC(2026, 2, 31, 18, 29, 59),
      Date.UTC(2026, 2, 31, 18, 30, 0),
      Date.UTC(2026, 2, 8, 6, 59, 59),
      Date.UTC(2026, 2, 8, 7, 0, 0),
      Date.UTC(2026, 11, 31, 18, 14, 59),
      Date.UTC(2026, 11, 31, 18, 15, 0),
      Date.UTC(1969, 11, 31, 23, 59, 59),
    ];
    let checked = 0;
    for (const second of base)
      for (const ms of [0, 1, 499, 999, 1000, -1])
        for (const zone of zones) {
          expect(localDayOf(second + ms, zone), `${second + ms} ${zone}`).toBe(
            reference(second + ms, zone),
          );
          checked++;
        }
    expect(checked).toBe(base.length * 6 * zones.length);
  });

  it("a day starts at its first instant in the zone, asked twice in one second", () => {
    for (const zone of ["Asia/Kolkata", "America/New_York"]) {
      const start = dayStartMs("2026-03-08", zone);
      expect(localDayOf(start, zone)).toBe("2026-03-08");
      expect(localDayOf(start - 1, zone)).toBe("2026-03-07");
      expect(dayStartMs("2026-03-08", zone)).toBe(start);
    }
  });
});
