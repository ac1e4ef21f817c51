import { type Request, type Response, Router } from "express";
import type { Config } from "../config.ts";
import type { Db } from "../db/types.ts";
import { authenticate } from "../services/auth.service.ts";
import { renderFormError, safeNext } from "./helpers.ts";
import { startSession } from "./setup.routes.ts";

export function authRoutes(db: Db, config: Config): Router {
  const router = Router();
  const policy = { maxFailures: config.loginMaxFailures, windowMinutes: config.loginWindowMinutes };

  router.get("/login", (req: Request, res: Response) => {
    if (req.session.staff) return res.redirect("/");
    res.render("pages/login", { values: {}, errors: {}, next: safeNext(req.query.next) });
  });

  router.post("/login", async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    try {
      const staff = await authenticate(db, policy, body, req.ip ?? null);
      await startSession(req, staff);
      res.redirect(next);
    } catch (err) {
      renderFormError(res, "pages/login", { values: { username: body.username }, next }, err);
    }
  });

  router.post("/logout", (req: Request, res: Response, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie("srqb.sid");
      res.redirect("/login");
    });
  });
  return router;
}
