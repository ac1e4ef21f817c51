import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { type DomainError, isDomainError } from "../../lib/errors.ts";
import { actorOf, currentStaff, isHtmx, requireLogin, requireRole } from "../../middleware/auth.ts";
import {
  type CustomerSummary,
  DuplicateCustomerError,
  registerCustomer,
} from "../../services/customers/customers.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { scanIntoBill } from "../../services/till/bill.ts";
import { completeBill } from "../../services/till/checkout.ts";
import { discardOpenBill, holdBill, resumeBill } from "../../services/till/hold.ts";
import {
  removeLine,
  setBillCustomer,
  setBillDiscount,
  setLineDiscount,
  setLineQty,
  stepLineQty,
} from "../../services/till/lines.ts";
import { buildTillView, type KnownBill } from "../../services/till/view.ts";
import { parseId } from "../helpers.ts";

type Body = Record<string, unknown>;

/** The shop the app read for this request (res.locals.shop), when set up. */
const shopOf = (res: Response): Shop | undefined => res.locals.shop ?? undefined;
type Sound = "ok" | "error" | null;

interface Extra {
  message?: string | null;
  kind?: "success" | "error" | "info";
  sound?: Sound;
  status?: number;
  payment?: { values?: Body; errors?: Record<string, string>; done?: unknown };
  focus?: string;
  /** Regions to send back (default: all); a scan leaves customer and held bills alone. */
  regions?: Region[];
  /** The open bill and lines the action's transaction just read: shown without reading again. */
  known?: KnownBill | null;
}

type Region = "lines" | "customer" | "totals" | "payment" | "held";
/** What a change to the bill's lines touches. */
const BILL_REGIONS: Region[] = ["lines", "totals", "payment"];

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

  async function renderTill(req: Request, res: Response, extra: Extra = {}) {
    const staff = currentStaff(req);
    const regions = isHtmx(req) ? (extra.regions ?? null) : null;
    const view = await buildTillView(db, staff.id, {
      held: !regions || regions.includes("held"),
      customer: !regions || regions.includes("customer"),
      shop: shopOf(res),
      known: extra.known,
    });
    const locals = {
      regions,
      title: "Till",
      bodyClass: "till-page",
      view,
      message: extra.message ?? null,
      kind: extra.kind ?? "info",
      payment: extra.payment ?? {},
    };
    if (!isHtmx(req)) {
      if (req.method !== "GET") return res.redirect(303, "/till");
      return res.status(extra.status ?? 200).render("pages/till", locals);
    }
    const trigger: Record<string, unknown> = {};
    if (extra.sound) trigger.tillSound = extra.sound;
    trigger.tillFocus = extra.focus ?? "scan";
    res.set("HX-Trigger", JSON.stringify(trigger));
    res.status(extra.status ?? 200).render("partials/till/update", locals);
  }

  /** Runs an action; a domain error re-renders the till with the message and the error sound. */
  function action(fn: (req: Request, res: Response) => Promise<Extra | undefined>) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const extra = await fn(req, res);
        if (!res.headersSent) await renderTill(req, res, extra ?? {});
      } catch (err) {
        if (!isDomainError(err)) return next(err);
        await renderTill(req, res, errorExtra(err));
      }
    };
  }

  function errorExtra(err: DomainError, more: Extra = {}): Extra {
    return {
      message: err.message,
      kind: "error",
      sound: "error",
      status: err.status,
      regions: BILL_REGIONS,
      ...more,
    };
  }

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
      const result = await scanIntoBill(db, staffId(req), code, shopOf(res));
      return {
        known: result.after,
        message: `Added ${result.message}`,
        kind: "success",
        sound: "ok",
        regions: BILL_REGIONS,
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
      return { message: "Line removed", kind: "info", regions: BILL_REGIONS };
    }),
  );
  router.post(
    "/till/lines/:lineId/discount",
    action(async (req) => {
      const b = body(req);
      await setLineDiscount(db, staffId(req), lineId(req), b.kind, b.discount);
      return { regions: BILL_REGIONS };
    }),
  );
  router.post(
    "/till/discount",
    action(async (req) => {
      const b = body(req);
      await setBillDiscount(db, staffId(req), b.kind, b.discount, shownBill(req));
      return { regions: BILL_REGIONS };
    }),
  );

  router.post(
    "/till/customer",
    action(async (req) => {
      const raw = String(body(req).customerId ?? "");
      const id = raw === "" ? null : parseId(raw);
      await setBillCustomer(db, staffId(req), raw === "" ? null : (id ?? 0), shownBill(req));
      return { message: id ? "Customer attached" : "Walk-in customer", kind: "info" };
    }),
  );

  router.post(
    "/till/customer/register",
    action(async (req) => {
      const b = body(req);
      let customer: CustomerSummary;
      try {
        customer = await registerCustomer(db, actorOf(req), {
          name: b.name,
          phone: b.phone,
          email: b.email ?? "",
        });
      } catch (err) {
        // Already registered: attach that customer rather than fail the sale.
        if (!(err instanceof DuplicateCustomerError)) throw err;
        customer = err.existing;
      }
      await setBillCustomer(db, staffId(req), customer.id, shownBill(req));
      return { message: `${customer.name} attached`, kind: "success", sound: "ok" };
    }),
  );

  router.post(
    "/till/hold",
    action(async (req) => {
      await holdBill(db, staffId(req));
      return { message: "Bill held. Resume it from Held bills.", kind: "info", sound: "ok" };
    }),
  );
  router.post(
    "/till/held/:billId/resume",
    action(async (req) => {
      await resumeBill(db, staffId(req), parseId(req.params.billId) ?? 0);
      return { message: "Held bill resumed", kind: "info", sound: "ok" };
    }),
  );
  router.post(
    "/till/clear",
    action(async (req) => {
      await discardOpenBill(db, staffId(req));
      return { message: "Bill cleared", kind: "info" };
    }),
  );

  router.post("/till/complete", async (req: Request, res: Response, next: NextFunction) => {
    const b = body(req);
    try {
      const billId = parseId(String(b.billId ?? "")) ?? 0;
      const done = await completeBill(db, actorOf(req), billId, b, { shop: shopOf(res) });
      await renderTill(req, res, {
        message: `Bill ${done.number} complete`,
        kind: "success",
        sound: "ok",
        payment: { done: done.bill },
        focus: "scan",
      });
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      const fields = "fields" in err ? err.fields : {};
      await renderTill(
        req,
        res,
        errorExtra(err, { payment: { values: b, errors: fields }, focus: "pay" }),
      );
    }
  });

  return router;
}
