import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { isLanguage, msg } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { actorOf, currentStaff, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { exportOwingCsv, owingList } from "../../services/accounts/owing.ts";
import {
  accountFigures,
  adjustBalance,
  changeCreditLimit,
  writeOff,
} from "../../services/accounts/owner.ts";
import { type CustomerSummary, getCustomer } from "../../services/customers/customers.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { parseId } from "../helpers.ts";

/** Messages after a redirect, by key: no user text travels in the URL. */
const notices = {
  limit: msg("accounts:notices.limit"),
  adjusted: msg("accounts:notices.adjusted"),
  written_off: msg("accounts:notices.writtenOff"),
};
const noticeOf = (done: unknown) =>
  Object.hasOwn(notices, String(done)) ? notices[String(done) as keyof typeof notices] : null;

/**
 * The owner's side of customer accounts: "who owes what" with ageing and its
 * CSV, and per customer the credit limit, adjustments and write-offs (each
 * with a reason, audited).
 */
export function accountOwnerRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const owner = [requireLogin, requireOwner];
  const shopOf = (res: Response) => res.locals.shop as Shop;
  const actor = (req: Request) => ({ ...actorOf(req), role: currentStaff(req).role });

  router.get("/accounts", ...owner, async (req, res) => {
    const list = await owingList(db, shopOf(res), req.query as Record<string, unknown>);
    res.render("pages/accounts", { title: "", list });
  });

  router.get("/accounts/export.csv", ...owner, async (req, res) => {
    const csv = await exportOwingCsv(
      db,
      actorOf(req),
      shopOf(res),
      req.query as Record<string, unknown>,
      isLanguage(res.locals.lang) ? res.locals.lang : "en",
    );
    res
      .type("text/csv; charset=utf-8")
      .attachment("who-owes-what.csv")
      .set("Cache-Control", "no-store")
      .send(`\uFEFF${csv}`);
  });

  async function customerOf(req: Request): Promise<CustomerSummary | null> {
    const id = parseId(req.params.id);
    if (id === null) return null;
    const c = await getCustomer(db, id).catch(() => null);
    return c && !c.erased ? c : null;
  }

  async function renderAccount(res: Response, customer: CustomerSummary, extra = {}) {
    const account = await accountFigures(db, customer.id);
    res.render("pages/customer-account", {
      title: "",
      customer,
      account,
      values: { creditLimit: paiseToDecimal(account.creditLimit) },
      errors: {},
      notice: null,
      ...extra,
    });
  }

  router.get("/customers/:id/account", ...owner, async (req, res, next) => {
    const customer = await customerOf(req);
    if (!customer) return next();
    const notice = noticeOf(req.query.done);
    await renderAccount(res, customer, { notice: notice && localText(res, notice) });
  });

  const actions = {
    "credit-limit": [changeCreditLimit, "limit"],
    adjust: [adjustBalance, "adjusted"],
    "write-off": [writeOff, "written_off"],
  } as const;
  for (const [path, [run, done]] of Object.entries(actions)) {
    router.post(`/customers/:id/${path}`, ...owner, async (req, res, next) => {
      const customer = await customerOf(req);
      if (!customer) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        await run(db, actor(req), customer.id, body);
        res.redirect(303, `/customers/${customer.id}/account?done=${done}`);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        res.status(err.status);
        const account = await accountFigures(db, customer.id);
        const { message, fields } = localError(res, err);
        await renderAccount(res, customer, {
          values: { creditLimit: paiseToDecimal(account.creditLimit), ...body, form: path },
          errors: fields,
          message,
        });
      }
    });
  }

  return router;
}
