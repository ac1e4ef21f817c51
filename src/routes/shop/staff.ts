import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { actorOf, currentStaff, requireLogin, requireOwner } from "../../middleware/auth.ts";
import type { StaffMember } from "../../services/shop/auth.ts";
import {
  createStaff,
  getStaff,
  listStaff,
  resetPassword,
  setStaffActive,
  setStaffLanguage,
} from "../../services/shop/staff.ts";
import { parseId, renderFormError } from "../helpers.ts";

/** Messages after a redirect, by key: no user text travels in the URL. */
const notices = {
  created: msg("staff:notices.created"),
  password: msg("staff:notices.password"),
  deactivated: msg("staff:notices.deactivated"),
  activated: msg("staff:notices.activated"),
  language: msg("staff:notices.language"),
};
const noticeOf = (done: unknown) =>
  Object.hasOwn(notices, String(done)) ? notices[String(done) as keyof typeof notices] : null;

/** Staff accounts (owner only): list, create, reset a password, deactivate/reactivate. */
export function staffRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/staff", requireLogin, requireOwner);

  async function renderList(req: Request, res: Response, status = 200, extra = {}) {
    res.status(status).render("pages/staff", {
      title: "",
      staffList: await listStaff(db),
      me: currentStaff(req),
      notice: noticeOf(req.query.done) && localText(res, noticeOf(req.query.done) ?? ""),
      values: { role: "cashier", language: "en" },
      ...extra,
    });
  }

  router.get("/staff", (req, res) => renderList(req, res));

  router.post("/staff", async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      await createStaff(db, actorOf(req), body);
      res.redirect(303, "/staff?done=created");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const values = { ...body, password: "", confirmPassword: "" };
      const { message, fields } = localError(res, err);
      await renderList(req, res, err.status, { values, errors: fields, message });
    }
  });

  async function member(req: Request) {
    const id = parseId(req.params.id);
    return id === null ? null : getStaff(db, id).catch(() => null);
  }

  /** What the member page needs; `lastOwner` hides a button that could only fail. */
  async function memberLocals(req: Request, staff: StaffMember) {
    const owners = (await listStaff(db)).filter((m) => m.role === "owner" && m.active);
    const lastOwner = staff.role === "owner" && staff.active && owners.length <= 1;
    return { title: staff.displayName, member: staff, me: currentStaff(req), lastOwner };
  }

  router.get("/staff/:id", async (req: Request, res: Response, next) => {
    const staff = await member(req);
    if (!staff) return next();
    res.render("pages/staff-edit", await memberLocals(req, staff));
  });

  router.post("/staff/:id/password", async (req: Request, res: Response, next) => {
    const staff = await member(req);
    if (!staff) return next();
    try {
      await resetPassword(db, actorOf(req), staff.id, req.body);
      // Resetting one's own password ends one's own session too.
      if (staff.id === currentStaff(req).id) return res.redirect(303, "/login");
      res.redirect(303, "/staff?done=password");
    } catch (err) {
      renderFormError(res, "pages/staff-edit", await memberLocals(req, staff), err);
    }
  });

  router.post("/staff/:id/language", async (req: Request, res: Response, next) => {
    const staff = await member(req);
    if (!staff) return next();
    try {
      const language = await setStaffLanguage(db, actorOf(req), staff.id, req.body);
      // One's own language changes this session at once; others' from their next login.
      if (staff.id === currentStaff(req).id) req.session.staff = { ...staff, language };
      res.redirect(303, "/staff?done=language");
    } catch (err) {
      renderFormError(res, "pages/staff-edit", await memberLocals(req, staff), err);
    }
  });

  for (const action of ["activate", "deactivate"] as const) {
    router.post(`/staff/:id/${action}`, async (req: Request, res: Response, next) => {
      const staff = await member(req);
      if (!staff) return next();
      const active = action === "activate";
      try {
        await setStaffActive(db, actorOf(req), staff.id, active);
        if (!active && staff.id === currentStaff(req).id) return res.redirect(303, "/login");
        res.redirect(303, `/staff?done=${active ? "activated" : "deactivated"}`);
      } catch (err) {
        renderFormError(res, "pages/staff-edit", await memberLocals(req, staff), err);
      }
    });
  }
  return router;
}
