import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { formatPhone, lookupHint, normalizePhone } from "../../lib/phone.ts";
import { currentStaff, requireLogin, requireRole } from "../../middleware/auth.ts";
import { searchForTill } from "../../services/catalogue/products.ts";
import { searchCustomers } from "../../services/customers/customers.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { currentBill } from "../../services/till/bill.ts";
import { resolvePayment } from "../../services/till/payment.ts";
import { openBillTotal, upiQrSvg } from "../../services/till/view.ts";

/**
 * The till's read-only lookups (any logged-in staff): customer and product
 * search, the UPI QR of the open bill, and the change due as the cashier
 * types the amount tendered. Each reads only what it shows.
 */
export function tillQueryRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/till", requireLogin, requireRole("owner", "cashier"));
  const staffId = (req: Request) => currentStaff(req).id;
  const shopOf = (res: Response): Shop | undefined => res.locals.shop ?? undefined;

  router.get("/till/customers", async (req: Request, res: Response) => {
    const q = String(req.query.q ?? "").slice(0, 64);
    const results = q.trim() ? await searchCustomers(db, q, 6) : [];
    const phone = normalizePhone(q);
    const bill = await currentBill(db, staffId(req));
    const hint = results.length === 0 && !phone ? lookupHint(q) : null;
    res.render("partials/till/customer-results", {
      q,
      billId: bill?.id ?? null,
      results: results.map((c) => ({ ...c, phoneText: formatPhone(c.phone) })),
      newPhone: results.length === 0 && phone ? phone : null,
      newPhoneText: phone ? formatPhone(phone) : "",
      hint: hint ? localText(res, hint) : null,
    });
  });

  router.get("/till/products", async (req: Request, res: Response) => {
    const q = String(req.query.q ?? "")
      .trim()
      .slice(0, 64);
    const products = await searchForTill(db, q);
    res.render("partials/till/product-results", { q, products });
  });

  // The UPI QR for the open bill's exact amount (loaded only when UPI is chosen).
  router.get("/till/upi.svg", async (req: Request, res: Response) => {
    const svg = await upiQrSvg(db, staffId(req));
    if (!svg) return res.status(404).type("text/plain").send("No UPI ID or empty bill");
    res.set("Cache-Control", "no-store").type("image/svg+xml").send(svg);
  });

  router.get("/till/change", async (req: Request, res: Response) => {
    const shop = shopOf(res);
    const total = shop ? await openBillTotal(db, staffId(req), shop) : 0;
    let change: number | null = null;
    let error: string | null = null;
    try {
      change = resolvePayment(total, { ...req.query, upiConfirmed: "1" }).change;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      error = localError(res, err).message;
    }
    res.render("partials/till/change", { change, error });
  });

  return router;
}
