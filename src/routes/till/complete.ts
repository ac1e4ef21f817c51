import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { isDomainError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { actorOf, currentStaff, requireLogin, requireRole } from "../../middleware/auth.ts";
import { CreditLimitError } from "../../services/accounts/ledger.ts";
import { afterCompletion } from "../../services/printing/completion.ts";
import { completeBill } from "../../services/till/checkout.ts";
import { verifyApprover } from "../../services/till/discount-limits.ts";
import { parseId } from "../helpers.ts";
import { type Body, shopOf, tillRenderer } from "./render.ts";

/** The payment form's fields, carried through an owner's approval of a sale over the credit limit. */
const PAYMENT_FIELDS = [
  "billId",
  "mode",
  "tendered",
  "upi",
  "card",
  "account",
  "storeCredit",
  "upiConfirmed",
];

/**
 * F9 at the till: completes the bill with its payment. Past the customer's
 * credit limit the till answers with the owner's approval prompt in place
 * (the same payment, plus the owner's username and password), which posts
 * back here; the approval is checked like a discount's (services/till/discount-limits.ts).
 */
export function tillCompleteRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/till/complete", requireLogin, requireRole("owner", "cashier"));
  const { renderTill, errorExtra } = tillRenderer(db);
  const body = (req: Request) => (req.body ?? {}) as Body;
  const staffId = (req: Request) => currentStaff(req).id;
  const loginPolicy = {
    maxFailures: ctx.config.loginMaxFailures,
    windowMinutes: ctx.config.loginWindowMinutes,
  };

  router.post("/till/complete", async (req: Request, res: Response, next: NextFunction) => {
    const b = body(req);
    const offered = b.approverUsername !== undefined || b.approverPassword !== undefined;
    try {
      const billId = parseId(String(b.billId ?? "")) ?? 0;
      // An owner's approval to go past the customer's credit limit, typed at the till.
      const approver = await verifyApprover(db, loginPolicy, b, {
        ip: req.ip ?? null,
        tillOf: staffId(req),
        what: "credit",
      });
      const done = await completeBill(db, actorOf(req), billId, b, {
        shop: shopOf(res),
        approvedOverLimitBy: approver,
      });
      // The bill is committed; its receipt and drawer kick are queued after, never in the way.
      const printing = await afterCompletion(db, actorOf(req), done, ctx.logger);
      await renderTill(req, res, {
        message: msg("till:done.message", { number: done.number }),
        kind: "success",
        sound: "ok",
        payment: { done: done.bill, ...printing },
        focus: "scan",
      });
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      const fields = "fields" in err ? err.fields : {};
      // Over the limit: the owner approves in place with the same payment (or it is changed).
      const ask = err instanceof CreditLimitError || (offered && err.status !== 409);
      const approval = ask
        ? {
            url: "/till/complete",
            fields: Object.fromEntries(
              PAYMENT_FIELDS.flatMap((k) =>
                b[k] === undefined ? [] : [[k, String(b[k]).slice(0, 20)]],
              ),
            ),
            what: "credit" as const,
          }
        : undefined;
      await renderTill(
        req,
        res,
        errorExtra(err, {
          payment: { values: b, errors: fields },
          focus: approval ? "approver-username" : "pay",
          ...(approval ? { approval } : {}),
        }),
      );
    }
  });

  return router;
}
