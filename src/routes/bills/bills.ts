import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localText } from "../../i18n/text.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { halfPercentLabel, percentLabel } from "../../lib/percent.ts";
import { actorOf, currentStaff, requireLogin } from "../../middleware/auth.ts";
import { isTaxInvoice } from "../../pdf/bill-format.ts";
import { getBillDetail } from "../../services/bills/detail.ts";
import { lookupBills } from "../../services/bills/lookup.ts";
import { printBill } from "../../services/bills/print.ts";
import { receiptPrinterName } from "../../services/printing/print-jobs.ts";
import { creditNotesForBill } from "../../services/returns/detail.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { parseId, renderFormError } from "../helpers.ts";
import { pdfRefusal, sendPdf } from "../pdf-answer.ts";
import { salesText } from "./sales-text.ts";

/** Formatting the bill views use (no arithmetic), in the reader's language. */
const billHelpers = (res: Response) => ({
  ...salesText(res),
  isTaxInvoice,
  percentLabel,
  halfPercentLabel,
});

/**
 * Bills on paper and lookup. Rule: every logged-in staff member (owner or
 * cashier) may look up any numbered bill, open it and print or reprint it;
 * reprints are marked DUPLICATE and audited. Only the owner voids (the form
 * shows for owners only and posts to POST /bills/:id/void, routes/bills/void.ts).
 */
export function billsRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;

  router.get("/bills", requireLogin, async (req: Request, res: Response) => {
    const shop = res.locals.shop as Shop;
    const locals = { title: "", ...billHelpers(res), values: req.query, result: null };
    try {
      const result = await lookupBills(db, shop.timeZone, req.query);
      if (result.exactId !== null) return res.redirect(303, `/bills/${result.exactId}`);
      res.render("pages/bills", { ...locals, result });
    } catch (err) {
      renderFormError(res, "pages/bills", locals, err);
    }
  });

  router.get(
    "/bills/:id",
    requireLogin,
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      try {
        const detail = await getBillDetail(db, id);
        res.render("pages/bill", {
          title: localText(res, msg("bills:detail.title", { number: detail.bill.number })),
          ...billHelpers(res),
          detail,
          isOwner: currentStaff(req).role === "owner",
          voided: req.query.voided === "1",
          receiptPrinter: await receiptPrinterName(db),
          creditNotes: await creditNotesForBill(db, id),
        });
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        throw err;
      }
    },
  );

  router.get(
    "/bills/:id/pdf",
    requireLogin,
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      try {
        sendPdf(res, await printBill(db, id, actorOf(req), req.query));
      } catch (err) {
        pdfRefusal(err, res, next, msg("bills:cannotPrint"));
      }
    },
  );

  return router;
}
