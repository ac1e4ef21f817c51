import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { isDomainError, NotFoundError } from "../../lib/errors.ts";
import { msg, type Text } from "../../lib/i18n.ts";
import { actorOf, currentStaff, requireLogin, requireRole } from "../../middleware/auth.ts";
import {
  alreadyRegisteredMessage,
  type CustomerSummary,
  DuplicateCustomerError,
  registerCustomer,
} from "../../services/customers/customers.ts";
import { billIdForReturn } from "../../services/returns/quote.ts";
import { scanIntoBill } from "../../services/till/bill.ts";
import { ApprovalNeededError, verifyApprover } from "../../services/till/discount-limits.ts";
import { discardOpenBill, holdBill, resumeBill } from "../../services/till/hold.ts";
import {
  removeLine,
  setBillCustomer,
  setBillDiscount,
  setLineDiscount,
  setLineQty,
  stepLineQty,
} from "../../services/till/lines.ts";
import { WeightNeeded, weighFromTyped } from "../../services/till/scan-weight.ts";
import { parseId } from "../helpers.ts";

import { BILL_REGIONS, type Body, scanRegions, shopOf, tillRenderer } from "./render.ts";

/**
 * The till (any logged-in staff): every action answers with the till's
 * regions as <hx-partial>s (lines, totals, customer, payment, held, messages)
 * and an HX-Trigger telling till.js which sound to play and where focus goes.
 * Without htmx the same POSTs redirect back to /till.
 */
export function tillRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const staffOnly = [requireLogin, requireRole("owner", "cashier")];
  router.use("/till", ...staffOnly);

  const { renderTill, action, errorExtra } = tillRenderer(db);

  const body = (req: Request) => (req.body ?? {}) as Body;
  const staffId = (req: Request) => currentStaff(req).id;
  const lineId = (req: Request) => parseId(req.params.lineId) ?? 0;
  /** The bill the till showed when the form was sent (its hidden billId), if any. */
  const shownBill = (req: Request) => parseId(String(body(req).billId ?? ""));

  router.get("/till", (req, res) => renderTill(req, res));

  router.post(
    "/till/scan",
    action(async (req, res) => {
      const code = String(body(req).code ?? "");
      let result: Awaited<ReturnType<typeof scanIntoBill>>;
      try {
        // A loose product by its own code is added only with the weight the till asked for.
        result = await scanIntoBill(
          db,
          staffId(req),
          code,
          shopOf(res),
          weighFromTyped(body(req).weight),
        );
      } catch (err) {
        // The QR on a receipt (its bill number) at the till opens that bill's return.
        if (err instanceof NotFoundError) {
          const billId = await billIdForReturn(db, code);
          if (billId === null) throw err;
          res.set("HX-Redirect", `/bills/${billId}/return`);
          return { message: msg("till:scan.openingReturn"), kind: "info", regions: [] };
        }
        if (!(err instanceof WeightNeeded)) throw err;
        const { product } = err;
        const prompt = {
          code: code.trim(),
          name: product.name,
          unit: product.unit,
          price: product.price,
        };
        if (!err.invalid)
          return { weight: prompt, regions: [], focus: "weight-input", kind: "info" };
        return {
          message: msg(`till:weight.typeIt.${product.unit === "kg" ? "kg" : "l"}`, {
            name: product.name,
          }),
          kind: "error",
          sound: "error",
          status: 400,
          weight: prompt,
          regions: [],
          focus: "weight-input",
        };
      }
      const regions = scanRegions(body(req).shown, result.billId, result.before);
      return {
        // The whole region shows every line's "left" stock: read afresh for it.
        known: regions.includes("row") ? result.after : null,
        message: result.message,
        kind: "success",
        sound: "ok",
        regions,
        line: { id: result.lineId, added: result.added },
      };
    }),
  );

  router.post(
    "/till/lines/:lineId/qty",
    action(async (req) => {
      await setLineQty(db, staffId(req), lineId(req), String(body(req).qty ?? ""));
      return { regions: BILL_REGIONS };
    }),
  );
  router.post(
    "/till/lines/:lineId/inc",
    action(async (req) => {
      await stepLineQty(db, staffId(req), lineId(req), 1);
      return { regions: BILL_REGIONS };
    }),
  );
  router.post(
    "/till/lines/:lineId/dec",
    action(async (req) => {
      await stepLineQty(db, staffId(req), lineId(req), -1);
      return { regions: BILL_REGIONS };
    }),
  );
  router.post(
    "/till/lines/:lineId/remove",
    action(async (req) => {
      await removeLine(db, staffId(req), lineId(req));
      return { message: msg("till:lines.removed"), kind: "info", regions: BILL_REGIONS };
    }),
  );
  const loginPolicy = {
    maxFailures: ctx.config.loginMaxFailures,
    windowMinutes: ctx.config.loginWindowMinutes,
  };
  /**
   * A discount: over the cashier's limit the till answers with the owner's
   * approval prompt in place (same form values, plus username and password),
   * which posts back here; a wrong password shows the prompt again.
   */
  function discountAction(
    apply: (req: Request, by: { approverId: number | null; ip: string | null }) => Promise<void>,
  ) {
    return async (req: Request, res: Response, next: NextFunction) => {
      const b = body(req);
      const approval = {
        url: req.originalUrl,
        fields: Object.fromEntries(
          ["kind", "discount", "billId"].flatMap((k) =>
            b[k] === undefined ? [] : [[k, String(b[k]).slice(0, 20)]],
          ),
        ),
      };
      const offered = b.approverUsername !== undefined || b.approverPassword !== undefined;
      try {
        const ip = req.ip ?? null;
        const approverId = await verifyApprover(db, loginPolicy, b, { ip, tillOf: staffId(req) });
        await apply(req, { approverId, ip });
        await renderTill(req, res, {
          regions: BILL_REGIONS,
          ...(approverId ? { message: msg("till:discount.approved"), kind: "success" } : {}),
        });
      } catch (err) {
        if (!isDomainError(err)) return next(err);
        const ask = err instanceof ApprovalNeededError || (offered && err.status !== 409);
        await renderTill(
          req,
          res,
          errorExtra(err, ask ? { approval, focus: "approver-username" } : {}),
        );
      }
    };
  }
  router.post(
    "/till/lines/:lineId/discount",
    discountAction(async (req, by) => {
      const b = body(req);
      await setLineDiscount(db, staffId(req), lineId(req), b.kind, b.discount, by);
    }),
  );
  router.post(
    "/till/discount",
    discountAction(async (req, by) => {
      const b = body(req);
      await setBillDiscount(db, staffId(req), b.kind, b.discount, shownBill(req), by);
    }),
  );

  router.post(
    "/till/customer",
    action(async (req) => {
      const raw = String(body(req).customerId ?? "");
      const id = raw === "" ? null : parseId(raw);
      await setBillCustomer(db, staffId(req), raw === "" ? null : (id ?? 0), shownBill(req));
      return {
        message: msg(id ? "till:customer.attached" : "till:customer.walkInDone"),
        kind: "info",
      };
    }),
  );

  router.post(
    "/till/customer/register",
    action(async (req) => {
      const b = body(req);
      let customer: CustomerSummary;
      let message: Text;
      try {
        customer = await registerCustomer(db, actorOf(req), {
          name: b.name,
          phone: b.phone,
          email: b.email ?? "",
        });
        message = msg("till:customer.attachedName", { name: customer.name });
      } catch (err) {
        // Already registered (often by another till a moment ago): attach that
        // customer rather than fail the sale, and say so, with both names.
        if (!(err instanceof DuplicateCustomerError)) throw err;
        customer = err.existing;
        message = alreadyRegisteredMessage(customer, String(b.name ?? ""));
      }
      await setBillCustomer(db, staffId(req), customer.id, shownBill(req));
      return { message, kind: "success", sound: "ok" };
    }),
  );

  router.post(
    "/till/hold",
    action(async (req) => {
      await holdBill(db, staffId(req));
      return { message: msg("till:hold.held"), kind: "info", sound: "ok" };
    }),
  );
  router.post(
    "/till/held/:billId/resume",
    action(async (req) => {
      await resumeBill(db, staffId(req), parseId(req.params.billId) ?? 0);
      return { message: msg("till:hold.resumed"), kind: "info", sound: "ok" };
    }),
  );
  router.post(
    "/till/clear",
    action(async (req) => {
      await discardOpenBill(db, staffId(req));
      return { message: msg("till:hold.cleared"), kind: "info" };
    }),
  );

  return router;
}
