import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { isDomainError } from "../../lib/errors.ts";
import { actorOf, currentStaff, requireLogin, requireOwner } from "../../middleware/auth.ts";
import type { StaffMember } from "../../services/shop/auth.ts";
import {
  createStaff,
  getStaff,
  listStaff,
  resetPassword,
  setStaffActive,
} from "../../services/shop/staff.ts";
import { parseId, renderFormError } from "../helpers.ts";

/** Messages after a redirect, by key: no user text travels in the URL. */
const notices: Record<string, string> = {
  created: "Account created. Give the new staff member their username and password.",
  password: "Password changed. Their open sessions were ended.",
  deactivated: "Account deactivated. Its sessions were ended at once.",
  activated: "Account reactivated.",
};

/** Staff accounts (owner only): list, create, reset a password, deactivate/reactivate. */
export function staffRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/staff", requireLogin, requireOwner);

  async function renderList(req: Request, res: Response, status = 200, extra = {}) {
    res.status(status).render("pages/staff", {
      title: "Staff",
      staffList: await listStaff(db),
      me: currentStaff(req),
      notice: notices[String(req.query.done)] ?? null,
      values: { role: "cashier" },
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
      const fields = "fields" in err ? err.fields : {};
      await renderList(req, res, err.status, { values, errors: fields, message: err.message });
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
