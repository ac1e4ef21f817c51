import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import { isDomainError } from "../../lib/errors.ts";
import { isLanguage, type Language, msg } from "../../lib/i18n.ts";
import { formatPhone, normalizePhone } from "../../lib/phone.ts";
import {
  actorOf,
  currentStaff,
  isHtmx,
  requireLogin,
  requireOwner,
} from "../../middleware/auth.ts";
import { customerAccount } from "../../services/accounts/account-page.ts";
import { tierForCustomer } from "../../services/analytics/analytics.ts";
import {
  type CustomerSummary,
  classifyQuery,
  DuplicateCustomerError,
  getCustomer,
  registerCustomer,
  searchCustomers,
} from "../../services/customers/customers.ts";
import { eraseCustomer, updateCustomer } from "../../services/customers/edit.ts";
import { exportCustomerCsv, exportCustomerListCsv } from "../../services/customers/export.ts";
import {
  customerBills,
  getCustomerProfile,
  listCustomers,
  listOptions,
} from "../../services/customers/history.ts";
import { parseId, renderFormError } from "../helpers.ts";

/** Messages after a redirect, by key: no personal data travels in the URL. */
const NOTICES = ["registered", "saved", "erased"];

const noticeOf = (res: Response, done: string): string | null =>
  NOTICES.includes(done) ? localText(res, msg(`customers:notices.${done}`)) : null;

const say = (res: Response, key: string, params?: Record<string, unknown>) =>
  localText(res, msg(key, params));

const langOf = (res: Response): Language => (isLanguage(res.locals.lang) ? res.locals.lang : "en");

/** A customer's name as shown: an erased one's stored placeholder in the reader's language. */
const nameOf = (res: Response, c: CustomerSummary) =>
  c.erased ? say(res, "customers:erasedName") : c.name;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Customers. Who may do what (docs/architecture.md §1):
 * - cashier and owner: search, register, open a customer page with its
 *   history, fix a customer's name;
 * - owner only: browse the full list (sort, page), change phone or email,
 *   CSV exports (list, one customer's data) and erasure.
 */
export function customersRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router();
  const owner = [requireLogin, requireOwner];

  router.use("/customers", requireLogin, (_req: Request, res: Response, next: NextFunction) => {
    const tz = res.locals.shop?.timeZone ?? "Asia/Kolkata";
    Object.assign(res.locals, {
      phoneText: formatPhone,
      when: (utc: string | null) => shopDateTime(utc, tz),
    });
    next();
  });

  /** The list region: search results when there is a query, else the owner's paged list. */
  async function listLocals(req: Request) {
    const q = str(req.query.q).slice(0, 64);
    const query = classifyQuery(q);
    const isOwner = currentStaff(req).role === "owner";
    const opts = listOptions(req.query);
    if (query.kind !== "empty") {
      const results = await searchCustomers(db, q, 20);
      const registerPhone = query.kind === "phone" && results.length === 0 ? query.e164 : null;
      return { q, query, results, registerPhone, list: null, opts, isOwner };
    }
    const list = isOwner ? await listCustomers(db, opts) : null;
    return { q, query, results: null, registerPhone: null, list, opts, isOwner };
  }

  router.get("/customers", async (req: Request, res: Response) => {
    const locals = await listLocals(req);
    if (isHtmx(req)) return res.render("partials/customers/results", locals);
    res.render("pages/customers", { title: say(res, "customers:title"), ...locals });
  });

  router.get("/customers/export.csv", ...owner, async (req: Request, res: Response) => {
    const csv = await exportCustomerListCsv(
      db,
      actorOf(req),
      res.locals.shop.timeZone,
      langOf(res),
    );
    res
      .type("text/csv; charset=utf-8")
      .attachment("customers.csv")
      .set("Cache-Control", "no-store")
      .send(`\uFEFF${csv}`);
  });

  function renderRegister(
    res: Response,
    status: number,
    values: Record<string, unknown>,
    extra = {},
  ) {
    res.status(status).render("pages/customers-new", {
      title: say(res, "customers:register.title"),
      values,
      errors: {},
      existing: null,
      ...extra,
    });
  }

  router.get("/customers/new", (req: Request, res: Response) => {
    // The till links here with the typed number (and the search box's text as a name guess).
    const typed = str(req.query.phone).slice(0, 32);
    const e164 = normalizePhone(typed);
    const phone = e164 ? formatPhone(e164) : typed;
    renderRegister(res, 200, { phone, name: str(req.query.name).slice(0, 120), email: "" });
  });

  router.post("/customers", async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const customer = await registerCustomer(db, actorOf(req), body);
      res.redirect(303, `/customers/${customer.id}?done=registered`);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const { message, fields } = localError(res, err);
      renderRegister(res, err.status, body, {
        errors: fields,
        message,
        existing: err instanceof DuplicateCustomerError ? err.existing : null,
      });
    }
  });

  async function load(req: Request): Promise<CustomerSummary | null> {
    const id = parseId(req.params.id);
    return id === null ? null : getCustomer(db, id).catch(() => null);
  }

  router.get("/customers/:id", async (req: Request, res: Response, next: NextFunction) => {
    const id = parseId(req.params.id);
    if (id === null) return next();
    const profile = await getCustomerProfile(db, id).catch(() => null);
    if (!profile) return next();
    const bills = await customerBills(db, id, Number(req.query.page) || 1);
    // Tier badge (analytics rule); shown to cashiers too, so a regular is greeted as one.
    const tier = profile.customer.erased ? undefined : await tierForCustomer(db, id);
    const account = profile.customer.erased ? null : await customerAccount(db, res.locals.shop, id);
    res.render("pages/customer", {
      title: nameOf(res, profile.customer),
      ...profile,
      bills,
      tier,
      account,
      notice: noticeOf(res, str(req.query.done)),
    });
  });

  router.get("/customers/:id/bills", async (req: Request, res: Response, next: NextFunction) => {
    const customer = await load(req);
    if (!customer) return next();
    const bills = await customerBills(db, customer.id, Number(req.query.page) || 1);
    res.render("partials/customers/bills", { customer, bills });
  });

  function renderEdit(req: Request, res: Response, customer: CustomerSummary, extra = {}) {
    res.render("pages/customer-edit", {
      title: say(res, "customers:edit.pageTitle", { name: customer.name }),
      customer,
      canEditContact: currentStaff(req).role === "owner",
      values: {
        name: customer.name,
        phone: formatPhone(customer.phone),
        email: customer.email ?? "",
      },
      errors: {},
      existing: null,
      ...extra,
    });
  }

  router.get("/customers/:id/edit", async (req: Request, res: Response, next: NextFunction) => {
    const customer = await load(req);
    if (!customer) return next();
    if (customer.erased) return res.redirect(303, `/customers/${customer.id}`);
    renderEdit(req, res, customer);
  });

  router.post("/customers/:id", async (req: Request, res: Response, next: NextFunction) => {
    const customer = await load(req);
    if (!customer) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      await updateCustomer(
        db,
        { ...actorOf(req), role: currentStaff(req).role },
        customer.id,
        body,
      );
      res.redirect(303, `/customers/${customer.id}?done=saved`);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status);
      const { message, fields } = localError(res, err);
      renderEdit(req, res, customer, {
        values: { ...body },
        errors: fields,
        message,
        existing: err instanceof DuplicateCustomerError ? err.existing : null,
      });
    }
  });

  router.get("/customers/:id/export.csv", ...owner, async (req: Request, res: Response, next) => {
    const customer = await load(req);
    if (!customer) return next();
    const out = await exportCustomerCsv(
      db,
      actorOf(req),
      customer.id,
      res.locals.shop.timeZone,
      langOf(res),
    );
    res
      .type("text/csv; charset=utf-8")
      .attachment(out.filename)
      .set("Cache-Control", "no-store")
      .send(`\uFEFF${out.csv}`);
  });

  router.get("/customers/:id/erase", ...owner, async (req: Request, res: Response, next) => {
    const customer = await load(req);
    if (!customer) return next();
    if (customer.erased) return res.redirect(303, `/customers/${customer.id}`);
    const profile = await getCustomerProfile(db, customer.id);
    res.render("pages/customer-erase", {
      title: say(res, "customers:erase.pageTitle", { name: customer.name }),
      ...profile,
    });
  });

  router.post("/customers/:id/erase", ...owner, async (req: Request, res: Response, next) => {
    const customer = await load(req);
    if (!customer) return next();
    const actor = { ...actorOf(req), role: currentStaff(req).role };
    try {
      await eraseCustomer(db, actor, customer.id, req.body);
      res.redirect(303, `/customers/${customer.id}?done=erased`);
    } catch (err) {
      const profile = await getCustomerProfile(db, customer.id);
      renderFormError(
        res,
        "pages/customer-erase",
        { title: say(res, "customers:erase.pageTitle", { name: customer.name }), ...profile },
        err,
      );
    }
  });

  return router;
}
