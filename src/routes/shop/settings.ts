import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { actorOf, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { getShop, settingsFormValues, updateShop } from "../../services/shop/settings.ts";
import { renderFormError } from "../helpers.ts";

const view = "pages/settings";
// Offered as suggestions beside the time zone box (any IANA name is accepted).
const timeZones = Intl.supportedValuesOf("timeZone");

/** Shop settings (owner only): GET shows the form, POST saves it. */
export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use("/settings", requireLogin, requireOwner);

  router.get("/settings", async (req: Request, res: Response) => {
    const shop = await getShop(ctx.db);
    res.render(view, {
      title: "",
      values: shop ? settingsFormValues(shop) : {},
      saved: req.query.saved === "1",
      timeZones,
    });
  });

  router.post("/settings", async (req: Request, res: Response) => {
    try {
      await updateShop(ctx.db, actorOf(req), req.body);
      res.redirect(303, "/settings?saved=1");
    } catch (err) {
      renderFormError(
        res,
        view,
        { title: "", values: req.body ?? {}, saved: false, timeZones },
        err,
      );
    }
  });
  return router;
}
