import type { NextFunction, Request, Response } from "express";
import { localText } from "../i18n/text.ts";
import { msg } from "../lib/i18n.ts";
import type { Role, StaffMember } from "../services/shop/auth.ts";

/** True for requests made by htmx (they get fragments, not pages). */
export function isHtmx(req: Request): boolean {
  return req.get("HX-Request") === "true";
}

/** Anonymous visitors go to the login page; htmx requests get 401 with a message. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.session.staff) {
    next();
    return;
  }
  const message = localText(res, msg("errors:session.ended"));
  if (isHtmx(req)) {
    res.status(401).set("HX-Redirect", "/login").render("partials/alert", {
      kind: "error",
      message,
    });
    return;
  }
  if (req.method !== "GET") {
    const title = localText(res, msg("errors:session.title"));
    res.status(401).render("pages/error", { title, status: 401, message });
    return;
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/** Allows only the given roles; others get 403. Use after requireLogin. */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const staff = req.session.staff;
    if (staff && roles.includes(staff.role)) {
      next();
      return;
    }
    const message = localText(res, msg("errors:forbidden.message"));
    if (isHtmx(req)) {
      res.status(403).render("partials/alert", { kind: "error", message });
      return;
    }
    const title = localText(res, msg("errors:forbidden.title"));
    res.status(403).render("pages/error", { title, status: 403, message });
  };
}

export const requireOwner = requireRole("owner");

/** The logged-in staff member; only call after requireLogin. */
export function currentStaff(req: Request): StaffMember {
  const staff = req.session.staff;
  if (!staff) throw new Error("currentStaff() called without requireLogin");
  return staff;
}

/** The actor for audit entries. */
export function actorOf(req: Request): {
  userId: number | null;
  username: string | null;
  ip: string | null;
} {
  const staff = req.session.staff;
  return { userId: staff?.id ?? null, username: staff?.username ?? null, ip: req.ip ?? null };
}
