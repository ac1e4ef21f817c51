import { type Request, type Response, Router } from "express";
import { localText } from "../i18n/text.ts";
import { msg } from "../lib/i18n.ts";
import { requireLogin } from "../middleware/auth.ts";

export function dashboardRoutes(): Router {
  const router = Router();
  router.get("/", requireLogin, (_req: Request, res: Response) => {
    res.render("pages/dashboard", { title: localText(res, msg("dashboard:title")) });
  });
  return router;
}
