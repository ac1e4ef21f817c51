import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { isDomainError } from "../../lib/errors.ts";
import { isHtmx, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { accountAnalytics } from "../../services/accounts/account-analytics.ts";
import { getAnalytics, getCustomerList } from "../../services/analytics/analytics.ts";
import { endOfDay } from "../../services/analytics/eod.ts";
import { exportList } from "../../services/analytics/export.ts";
import { parseListQuery } from "../../services/analytics/lists.ts";
import { RANGE_KEYS, RANGE_LABELS } from "../../services/analytics/range.ts";
import { SEGMENT_INFO, SEGMENTS, TIER_LABELS } from "../../services/analytics/segments.ts";

type Query = Record<string, unknown>;
const rangeOf = (q: Query) => ({ range: q.range, from: q.from, to: q.to });

/** Locals every analytics view uses. */
const viewLocals = {
  rangeKeys: RANGE_KEYS,
  rangeLabels: RANGE_LABELS,
  segmentKeys: SEGMENTS,
  segmentInfo: SEGMENT_INFO,
  tierLabels: TIER_LABELS,
  /** "?a=1&b=2" from an object, skipping empty values. */
  qs: (params: Record<string, unknown>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
    const s = u.toString();
    return s ? `?${s}` : "";
  },
};

/** Owner analytics: the page, the customer-table fragment, CSV exports, end of day. */
export function analyticsRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/analytics", requireLogin, requireOwner);

  router.get("/analytics", async (req: Request, res: Response) => {
    const q = req.query as Query;
    let status = 200;
    let message: string | null = null;
    let errors: Record<string, string> = {};
    let data: Awaited<ReturnType<typeof getAnalytics>>;
    try {
      data = await getAnalytics(db, rangeOf(q), parseListQuery(q));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      // A bad period or list: say so and show all time instead of a blank page.
      status = err.status;
      message = err.message;
      errors = "fields" in err ? err.fields : {};
      data = await getAnalytics(db, {}, parseListQuery({}));
    }
    // Read afresh each time (not from the page cache): a payment changes it without a bill.
    const accounts = await accountAnalytics(db, data.range);
    res.status(status).render("pages/analytics", {
      title: "Analytics",
      bodyClass: "page-analytics",
      a: data,
      accounts,
      values: { range: q.range ?? data.range.key, from: q.from ?? "", to: q.to ?? "" },
      errors,
      message,
      ...viewLocals,
    });
  });

  router.get("/analytics/customers", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const { range, table } = await getCustomerList(db, rangeOf(q), parseListQuery(q));
      res.render(isHtmx(req) ? "partials/analytics/customer-table" : "pages/analytics-list", {
        title: table.title,
        range,
        table,
        ...viewLocals,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).render("partials/alert", { kind: "error", message: err.message });
    }
  });

  router.get("/analytics/export.csv", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const out = await exportList(db, { ...rangeOf(q), list: q.list });
      res
        .status(200)
        .type("text/csv; charset=utf-8")
        .set("Content-Disposition", `attachment; filename="${out.filename}"`)
        .set("Cache-Control", "no-store")
        .send(out.csv);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).render("pages/error", {
        title: "Cannot export",
        status: err.status,
        message: err.message,
      });
    }
  });

  router.get("/analytics/end-of-day", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const eod = await endOfDay(db, { date: q.date });
      res.render("pages/analytics-eod", {
        title: `End of day ${eod.date}`,
        bodyClass: "page-eod",
        eod,
        ...viewLocals,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const eod = await endOfDay(db, {});
      res.status(err.status).render("pages/analytics-eod", {
        title: "End of day",
        bodyClass: "page-eod",
        eod,
        message: err.message,
        ...viewLocals,
      });
    }
  });

  return router;
}
