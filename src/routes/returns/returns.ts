import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { RETURN_REASONS } from "../../db/return-types.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError, NotFoundError, TooManyAttemptsError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { halfPercentLabel, percentLabel } from "../../lib/percent.ts";
import { actorOf, currentStaff, requireLogin, requireRole } from "../../middleware/auth.ts";
import { getCreditNoteDetail } from "../../services/returns/detail.ts";
import { exchangeAtTill } from "../../services/returns/exchange.ts";
import { parseReturnForm } from "../../services/returns/form.ts";
import { ReturnApprovalNeeded, verifyReturnApprover } from "../../services/returns/limits.ts";
import { printCreditNote } from "../../services/returns/print.ts";
import { quoteReturn, returnableBill, tillBillSummary } from "../../services/returns/quote.ts";
import { returnItems } from "../../services/returns/returns.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { salesText } from "../bills/sales-text.ts";
import { parseId } from "../helpers.ts";
import { pdfRefusal, sendPdf } from "../pdf-answer.ts";

/** The reasons' codes; the form shows each from the catalogue (returns:reasons.<code>). */
const REASON_CODES = Object.keys(RETURN_REASONS);

const helpers = (res: Response) => ({
  ...salesText(res),
  reasonCodes: REASON_CODES,
  percentLabel,
  halfPercentLabel,
});

/**
 * Returns and exchanges (any staff; the owner's limits apply to cashiers):
 * GET /bills/:id/return is the return form of a bill (from the bill's page,
 * or the till when the receipt's QR is scanned); POST answers "preview" with
 * the refund worked out (editable split, the owner's approval when needed,
 * the exchange against the bill at the till) and "confirm" issues the credit
 * note. /returns/:id is the credit note, /returns/:id/pdf prints it.
 */
export function returnsRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const staff = [requireLogin, requireRole("owner", "cashier")];
  const loginPolicy = {
    maxFailures: ctx.config.loginMaxFailures,
    windowMinutes: ctx.config.loginWindowMinutes,
  };
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  /** The form's page: the bill, its lines with what is left, and (after preview) the quote. */
  async function page(
    req: Request,
    res: Response,
    billId: number,
    extra: Record<string, unknown> = {},
  ) {
    const shop = res.locals.shop as Shop;
    const { bill, lines } = await returnableBill(db, billId);
    const till = await tillBillSummary(db, currentStaff(req).id, shop);
    res.status((extra.status as number | undefined) ?? 200).render("pages/return", {
      title: localText(res, msg("returns:form.title", { number: bill.number })),
      ...helpers(res),
      bill,
      lines,
      till,
      values: body(req),
      quote: null,
      errors: {},
      message: null,
      approval: false,
      ...extra,
    });
  }

  router.get("/bills/:id/return", ...staff, async (req, res, next) => {
    const id = parseId(req.params.id);
    if (id === null) return next();
    try {
      await page(req, res, id);
    } catch (err) {
      if (err instanceof NotFoundError) return next();
      throw err;
    }
  });

  router.post(
    "/bills/:id/return",
    ...staff,
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      const shop = res.locals.shop as Shop;
      const b = body(req);
      let quote: Awaited<ReturnType<typeof quoteReturn>> | null = null;
      try {
        const { lines } = await returnableBill(db, id);
        const form = parseReturnForm(b, lines);
        quote = await quoteReturn(db, shop, id, form.lines);
        if (b.action !== "confirm") return await page(req, res, id, { quote });
        const approverId = await verifyReturnApprover(db, loginPolicy, b, {
          ip: req.ip ?? null,
          tillOf: currentStaff(req).id,
        });
        const request = { billId: id, ...form, approverId };
        const actor = actorOf(req);
        if (b.exchange === "1") {
          const done = await exchangeAtTill(
            db,
            { ...actor, userId: currentStaff(req).id },
            request,
            b,
            { shop },
          );
          return res.redirect(303, `/returns/${done.creditNote.id}?exchange=${done.bill.billId}`);
        }
        const cn = await returnItems(db, actor, request, { shop });
        return res.redirect(303, `/returns/${cn.id}`);
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        if (!isDomainError(err)) return next(err);
        if (err instanceof TooManyAttemptsError)
          res.set("Retry-After", String(err.retryAfterSeconds));
        const offered = b.approverUsername !== undefined || b.approverPassword !== undefined;
        const { message, fields } = localError(res, err);
        await page(req, res, id, {
          status: err.status,
          quote,
          message,
          errors: fields,
          approval: err instanceof ReturnApprovalNeeded || (offered && err.status !== 409),
        });
      }
    },
  );

  router.get("/returns/:id", ...staff, async (req, res, next) => {
    const id = parseId(req.params.id);
    if (id === null) return next();
    try {
      const detail = await getCreditNoteDetail(db, id);
      const text = helpers(res);
      res.render("pages/credit-note", {
        title: `${text.creditNoteTitle(detail)} ${detail.note.number}`,
        ...text,
        detail,
        exchangeBillId: parseId(String(req.query.exchange ?? "")),
      });
    } catch (err) {
      if (err instanceof NotFoundError) return next();
      throw err;
    }
  });

  router.get("/returns/:id/pdf", ...staff, async (req, res, next) => {
    const id = parseId(req.params.id);
    if (id === null) return next();
    try {
      sendPdf(res, await printCreditNote(db, id, actorOf(req), req.query));
    } catch (err) {
      pdfRefusal(err, res, next, msg("bills:cannotPrint"));
    }
  });

  return router;
}
