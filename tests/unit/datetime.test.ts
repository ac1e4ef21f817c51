import { describe, expect, it } from "vitest";
import { shopDateTime, shopDay, shopTime } from "../../src/lib/datetime.ts";

describe("one date format everywhere, in the shop's time zone", () => {
  it("writes DD-MM-YYYY hh:mm AM/PM in the zone it is given", () => {
    expect(shopDateTime("2026-11-25 20:00:00", "Asia/Kolkata")).toBe("26-11-2026 01:30 AM");
    expect(shopDateTime("2026-12-02 15:48:00", "Asia/Kolkata")).toBe("02-12-2026 09:18 PM");
    expect(shopDateTime("2026-11-29 14:17:59", "Asia/Kolkata")).toBe("29-11-2026 07:47 PM");
    expect(shopDateTime("2026-06-01 06:30:00", "Asia/Kolkata")).toBe("01-06-2026 12:00 PM");
    expect(shopDateTime("2026-06-01 18:30:00", "Asia/Kolkata")).toBe("02-06-2026 12:00 AM");
    expect(shopDateTime("2026-07-01 12:00:00", "Europe/London")).toBe("01-07-2026 01:00 PM");
    expect(shopDateTime(null, "Asia/Kolkata")).toBe("");
  });

  it("gives the time of day alone in the same format", () => {
    expect(shopTime("2026-11-29 14:17:59", "Asia/Kolkata")).toBe("07:47 PM");
    expect(shopTime(null, "Asia/Kolkata")).toBe("");
  });

  it("writes a calendar day in the same order", () => {
    expect(shopDay("2026-11-29")).toBe("29-11-2026");
    expect(shopDay(null)).toBe("");
  });
});
