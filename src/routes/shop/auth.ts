import { type Request, type Response, Router } from "express";
import { type RateLimitInfo, rateLimit } from "express-rate-limit";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/types.ts";
import { localText } from "../../i18n/text.ts";
import { msg } from "../../lib/i18n.ts";
import type { SignedCookies } from "../../middleware/client-cookies.ts";
import { recordAudit } from "../../services/shop/audit.ts";
import { authenticate } from "../../services/shop/auth.ts";
import { renderFormError, safeNext } from "../helpers.ts";
import { startSession } from "./setup.ts";

export function authRoutes(db: Db, config: Config, cookies: SignedCookies): Router {
  const router = Router();
  const policy = { maxFailures: config.loginMaxFailures, windowMinutes: config.loginWindowMinutes };

  router.get("/login", (req: Request, res: Response) => {
    if (req.session.staff) return res.redirect("/");
    // The browser's id for the login throttle (see authenticate()).
    cookies.clientId(req, res);
    res.render("pages/login", { values: {}, errors: {}, next: safeNext(req.query.next) });
  });

  // Per address, on top of the per-browser throttle in authenticate(): stops one
  // machine guessing across many usernames, or throwing its cookies away.
  // Successful logins do not count.
  const perAddress = rateLimit({
    windowMs: config.loginWindowMinutes * 60_000,
    limit: config.loginMaxPerAddress,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: async (req, res, _next, options) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + options.windowMs;
      const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      const body = (req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === "string" ? body.username.slice(0, 64) : null;
      await recordAudit(db, { userId: null, username, ip: req.ip ?? null }, "login.throttled");
      res
        .status(429)
        .set("Retry-After", String(seconds))
        .render("pages/login", {
          values: { username },
          next: safeNext(body.next),
          message: localText(
            res,
            msg("auth:login.throttledAddress", { count: Math.ceil(seconds / 60) }),
          ),
        });
    },
  });

  router.post("/login", perAddress, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    try {
      const client = { ip: req.ip ?? null, key: cookies.clientKey(req) };
      const staff = await authenticate(db, policy, body, client);
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
