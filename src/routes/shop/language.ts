import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { actorOf, currentStaff, requireLogin } from "../../middleware/auth.ts";
import { setStaffLanguage } from "../../services/shop/staff.ts";
import { safeNext } from "../helpers.ts";

/**
 * The header's language switch: saves the member's own language
 * (users.language, so it holds at the next login) and returns to the page.
 */
export function languageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post("/language", requireLogin, async (req: Request, res: Response) => {
    const me = currentStaff(req);
    const language = await setStaffLanguage(ctx.db, actorOf(req), me.id, req.body);
    req.session.staff = { ...me, language };
    res.redirect(303, safeNext(req.body?.next));
  });
  return router;
}
