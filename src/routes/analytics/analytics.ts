import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { isHtmx, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { accountAnalytics } from "../../services/accounts/account-analytics.ts";
import { getAnalytics, getCustomerList } from "../../services/analytics/analytics.ts";
import { endOfDay } from "../../services/analytics/eod.ts";
import { exportList } from "../../services/analytics/export.ts";
import { parseListQuery } from "../../services/analytics/lists.ts";
import { analyticsLocals, langOf } from "./view.ts";

type Query = Record<string, unknown>;
const rangeOf = (q: Query) => ({ range: q.range, from: q.from, to: q.to });

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
      ({ message, fields: errors } = localError(res, err));
      data = await getAnalytics(db, {}, parseListQuery({}));
    }
    // Read afresh each time (not from the page cache): a payment changes it without a bill.
    const accounts = await accountAnalytics(db, data.range);
    res.status(status).render("pages/analytics", {
      title: "",
      bodyClass: "page-analytics",
      a: data,
      accounts,
      values: { range: q.range ?? data.range.key, from: q.from ?? "", to: q.to ?? "" },
      errors,
      message,
      ...analyticsLocals(res),
    });
  });

  router.get("/analytics/customers", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const { range, table } = await getCustomerList(db, rangeOf(q), parseListQuery(q));
      res.render(isHtmx(req) ? "partials/analytics/customer-table" : "pages/analytics-list", {
        title: "",
        range,
        table,
        ...analyticsLocals(res),
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const { message } = localError(res, err);
      res.status(err.status).render("partials/alert", { kind: "error", message });
    }
  });

  router.get("/analytics/export.csv", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const out = await exportList(db, { ...rangeOf(q), list: q.list }, Date.now(), langOf(res));
      res
        .status(200)
        .type("text/csv; charset=utf-8")
        .set("Content-Disposition", `attachment; filename="${out.filename}"`)
        .set("Cache-Control", "no-store")
        .send(out.csv);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).render("pages/error", {
        title: localText(res, msg("analytics:errors.cannotExport")),
        status: err.status,
        message: localError(res, err).message,
      });
    }
  });

  router.get("/analytics/end-of-day", async (req: Request, res: Response) => {
    const q = req.query as Query;
    try {
      const eod = await endOfDay(db, { date: q.date });
      res.render("pages/analytics-eod", {
        title: "",
        bodyClass: "page-eod",
        eod,
        ...analyticsLocals(res),
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const eod = await endOfDay(db, {});
      res.status(err.status).render("pages/analytics-eod", {
        title: "",
        bodyClass: "page-eod",
        eod,
        message: localError(res, err).message,
        ...analyticsLocals(res),
      });
    }
  });

  return router;
}
