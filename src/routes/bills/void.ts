import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { localError, localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import {
  actorOf,
  currentStaff,
  isHtmx,
  requireLogin,
  requireOwner,
} from "../../middleware/auth.ts";
import { voidBill } from "../../services/bills/void.ts";
import { parseId } from "../helpers.ts";

/** POST /bills/:id/void: owner only, with a reason (the bill page's form posts here). */
export function voidRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  router.post(
    "/bills/:id/void",
    requireLogin,
    requireOwner,
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      try {
        await voidBill(db, { ...actorOf(req), role: currentStaff(req).role }, id, body(req).reason);
        if (isHtmx(req)) {
          res.set("HX-Redirect", `/bills/${id}`);
          return res.render("partials/alert", {
            kind: "success",
            message: localText(res, msg("bills:voidDone")),
          });
        }
        return res.redirect(303, `/bills/${id}?voided=1`);
      } catch (err) {
        if (!isDomainError(err)) return next(err);
        const view = isHtmx(req) ? "partials/alert" : "pages/error";
        res.status(err.status).render(view, {
          kind: "error",
          title: localText(res, msg("bills:cannotVoid")),
          status: err.status,
          message: localError(res, err).message,
        });
      }
    },
  );

  return router;
}
