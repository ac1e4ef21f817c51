import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import type { Product } from "../../db/types.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { percentText } from "../../lib/percent.ts";
import { qtyToDecimal, UNITS } from "../../lib/quantity.ts";
import { actorOf, isHtmx, requireLogin, requireOwner } from "../../middleware/auth.ts";
import {
  createProduct,
  getProduct,
  lowStockProducts,
  parseProductQuery,
  searchProducts,
  setProductActive,
  updateProduct,
} from "../../services/catalogue/products.ts";
import {
  ADJUST_REASONS,
  adjustStock,
  movementHistory,
  receiveStock,
} from "../../services/catalogue/stock.ts";
import { parseId, renderFormError } from "../helpers.ts";
import { productsIoRoutes } from "./import-export.ts";
import { catalogueLocals, say } from "./view-helpers.ts";

/** Form values for a product being edited (strings, as the form shows them). */
function formValues(p: Product): Record<string, string> {
  return {
    code: p.code,
    name: p.name,
    category: p.category,
    price: paiseToDecimal(Number(p.price)),
    gst_rate: percentText(p.gst_rate),
    hsn: p.hsn,
    unit: p.unit,
    stock: qtyToDecimal(Number(p.stock), p.unit),
    low_stock_level: qtyToDecimal(Number(p.low_stock_level), p.unit),
  };
}

/** Products and stock: owner only. Mounted from routes/index.ts. */
export function productsRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router();
  const owner = [requireLogin, requireOwner];
  const rates = (res: Response): number[] => res.locals.shop?.gstRates ?? [0];

  router.use("/products", (_req: Request, res: Response, next: NextFunction) => {
    Object.assign(res.locals, {
      ...catalogueLocals(res),
      qtyDecimal: qtyToDecimal,
      pct: percentText,
      UNITS,
      ADJUST_REASONS,
    });
    next();
  });

  // Before /products/:id so these paths are not read as ids.
  router.use(productsIoRoutes(ctx));

  router.get("/products/low-stock", ...owner, async (_req, res) => {
    res.render("partials/products/low-stock", { products: await lowStockProducts(db) });
  });

  router.get("/products", ...owner, async (req, res) => {
    const query = parseProductQuery(req.query as Record<string, unknown>);
    const result = await searchProducts(db, query);
    const view = isHtmx(req) ? "partials/products/results" : "pages/products";
    res.render(view, { title: say(res, "products:title"), query, ...result });
  });

  router.get("/products/new", ...owner, (_req, res) => {
    res.render("pages/product-form", {
      title: say(res, "products:form.newTitle"),
      product: null,
      values: { gst_rate: "0", unit: "pc" },
    });
  });

  router.post("/products", ...owner, async (req, res) => {
    try {
      const product = await createProduct(db, actorOf(req), req.body, rates(res));
      res.redirect(303, `/products/${product.id}?created=1`);
    } catch (err) {
      renderFormError(
        res,
        "pages/product-form",
        { title: say(res, "products:form.newTitle"), product: null, values: req.body ?? {} },
        err,
      );
    }
  });

  router.get("/products/:id", ...owner, async (req, res) => {
    const id = parseId(req.params.id);
    if (!id)
      return res.status(404).render("pages/error", {
        title: say(res, "errors:notFound.title"),
        status: 404,
        message: say(res, "products:notFound"),
      });
    await renderProductPage(res, id, {});
  });

  async function renderProductPage(
    res: Response,
    id: number,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    const product = await getProduct(db, id);
    const history = await movementHistory(db, id);
    res
      .status(status)
      .render("pages/product", { title: product.name, product, ...history, form: null, ...extra });
  }

  router.get("/products/:id/edit", ...owner, async (req, res) => {
    const product = await getProduct(db, parseId(req.params.id) ?? 0);
    res.render("pages/product-form", {
      title: say(res, "products:form.editPageTitle", { name: product.name }),
      product,
      values: formValues(product),
    });
  });

  router.post("/products/:id", ...owner, async (req, res) => {
    const product = await getProduct(db, parseId(req.params.id) ?? 0);
    try {
      await updateProduct(db, actorOf(req), product.id, req.body, rates(res));
      res.redirect(303, `/products/${product.id}?saved=1`);
    } catch (err) {
      renderFormError(
        res,
        "pages/product-form",
        {
          title: say(res, "products:form.editPageTitle", { name: product.name }),
          product,
          values: req.body ?? {},
        },
        err,
      );
    }
  });

  router.post("/products/:id/active", ...owner, async (req, res) => {
    const id = parseId(req.params.id) ?? 0;
    const active = (req.body as Record<string, unknown>)?.active === "1";
    await setProductActive(db, actorOf(req), id, active);
    res.redirect(303, `/products/${id}`);
  });

  for (const [path, action] of [
    ["receive", receiveStock],
    ["adjust", adjustStock],
  ] as const) {
    router.post(`/products/:id/${path}`, ...owner, async (req, res) => {
      const id = parseId(req.params.id) ?? 0;
      try {
        await action(db, actorOf(req), id, req.body);
        res.redirect(303, `/products/${id}?stock=${path}`);
      } catch (err) {
        const product = await getProduct(db, id);
        const history = await movementHistory(db, id);
        renderFormError(
          res,
          "pages/product",
          { title: product.name, product, ...history, form: path, values: req.body ?? {} },
          err,
        );
      }
    });
  }

  return router;
}
