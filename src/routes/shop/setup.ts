import { type Request, type Response, Router } from "express";
import type { Db } from "../../db/types.ts";
import { isLanguage } from "../../lib/i18n.ts";
import { loadDemoData } from "../../services/demo/demo.ts";
import { setupShop } from "../../services/shop/setup.ts";
import { renderFormError } from "../helpers.ts";

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
}

/** Logs a staff member in on a fresh session id (defeats session fixation). */
export async function startSession(req: Request, staff: NonNullable<Request["session"]["staff"]>) {
  await regenerate(req);
  req.session.staff = staff;
}

/** First-run setup: the shop and its owner. Answers 409 once the shop exists. */
export function setupRoutes(db: Db, state: { setUp: () => Promise<boolean> }): Router {
  const router = Router();
  const view = "pages/setup";

  router.get("/setup", async (_req: Request, res: Response) => {
    if (await state.setUp()) return res.redirect("/login");
    res.render(view, { values: {}, errors: {} });
  });

  router.post("/setup", async (req: Request, res: Response) => {
    const values = { ...(req.body as Record<string, unknown>), password: "", confirmPassword: "" };
    try {
      // The owner's account speaks the language the setup page was shown in.
      const language = isLanguage(res.locals.lang) ? res.locals.lang : "en";
      const owner = await setupShop(db, req.body, req.ip ?? null, language);
      // The "Load demo data" box (views/partials/setup-extras.ejs).
      if (req.body?.demo === "1") await loadDemoData(db, owner);
      await startSession(req, owner);
      res.redirect("/");
    } catch (err) {
      renderFormError(res, view, { values }, err);
    }
  });
  return router;
}
