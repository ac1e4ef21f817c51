import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError, NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { actorOf, requireLogin, requireRole } from "../../middleware/auth.ts";
import { accountFigures } from "../../services/accounts/owner.ts";
import { paymentNotice, receivePayment } from "../../services/accounts/payments.ts";
import { paymentReceiptPdf, paymentUpiSvg, statementPdf } from "../../services/accounts/print.ts";
import { buildPaymentReceipt } from "../../services/accounts/statement.ts";
import { type CustomerSummary, getCustomer } from "../../services/customers/customers.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { parseId } from "../helpers.ts";
import { pdfRefusal, sendPdf } from "../pdf-answer.ts";

/**
 * Money received against a customer's account (any staff, at the till or on
 * the customer page), its receipt, and the customer's statement PDF.
 */
export function accountPaymentRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const staff = [requireLogin, requireRole("owner", "cashier")];
  const shopOf = (res: Response) => res.locals.shop as Shop;

  async function customerOf(req: Request): Promise<CustomerSummary | null> {
    const id = parseId(req.params.id);
    if (id === null) return null;
    const c = await getCustomer(db, id).catch(() => null);
    return c && !c.erased ? c : null;
  }

  async function renderForm(req: Request, res: Response, customer: CustomerSummary, extra = {}) {
    const account = await accountFigures(db, customer.id);
    res.render("pages/customer-payment", {
      title: "",
      customer,
      account,
      fromTill: req.query.from === "till" || req.body?.from === "till",
      values: { amount: account.balance > 0 ? paiseToDecimal(account.balance) : "", mode: "cash" },
      errors: {},
      ...extra,
    });
  }

  router.get("/customers/:id/payment", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    await renderForm(req, res, customer);
  });

  // The shop's UPI QR for the amount typed (an <img> swapped in by htmx as the amount changes).
  router.get("/customers/:id/payment/qr", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    res.render("partials/accounts/payment-qr", {
      customer,
      amount: String(req.query.amount ?? "").slice(0, 16),
      hasUpi: Boolean(shopOf(res).upiId),
    });
  });

  router.get("/customers/:id/payment/upi.svg", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    try {
      const svg = await paymentUpiSvg(shopOf(res), customer.name, req.query.amount);
      if (!svg)
        return res
          .status(404)
          .type("text/plain")
          .send(localText(res, msg("accounts:pay.noUpiId")));
      res.set("Cache-Control", "no-store").type("image/svg+xml").send(svg);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).type("text/plain").send(localError(res, err).message);
    }
  });

  router.post("/customers/:id/payment", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const paid = await receivePayment(db, actorOf(req), customer.id, body, {
        timeZone: shopOf(res).timeZone,
      });
      const from = body.from === "till" ? "?from=till" : "";
      res.redirect(303, `/customers/${customer.id}/payments/${paid.entryId}${from}`);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status);
      const { message, fields } = localError(res, err);
      await renderForm(req, res, customer, { values: body, errors: fields, message });
    }
  });

  router.get("/customers/:id/payments/:entryId", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    const entryId = parseId(req.params.entryId);
    if (!customer || entryId === null) return next();
    try {
      const receipt = await buildPaymentReceipt(db, shopOf(res), customer.id, entryId);
      res.render("pages/customer-payment-done", {
        title: "",
        customer,
        receipt,
        entryId,
        notice: localText(
          res,
          paymentNotice({ ...receipt, entryId, receiptNumber: receipt.number }),
        ),
        fromTill: req.query.from === "till",
      });
    } catch (err) {
      if (err instanceof NotFoundError) return next();
      throw err;
    }
  });

  const pdfError = (err: unknown, res: Response, next: NextFunction) =>
    pdfRefusal(err, res, next, msg("accounts:errors.cannotPrint"));

  router.get("/customers/:id/payments/:entryId/receipt.pdf", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    const entryId = parseId(req.params.entryId);
    if (!customer || entryId === null) return next();
    try {
      sendPdf(res, await paymentReceiptPdf(db, shopOf(res), customer.id, entryId, req.query));
    } catch (err) {
      pdfError(err, res, next);
    }
  });

  router.get("/customers/:id/statement.pdf", ...staff, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    try {
      sendPdf(res, await statementPdf(db, shopOf(res), customer.id, req.query));
    } catch (err) {
      pdfError(err, res, next);
    }
  });

  return router;
}
