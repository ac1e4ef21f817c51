import { once } from "node:events";
import { type NextFunction, type Request, type Response, Router } from "express";
import multer from "multer";
import type { AppContext } from "../../context.ts";
import { localText } from "../../i18n/text.ts";
import { isDomainError } from "../../lib/errors.ts";
import { isLanguage, msg, type Text } from "../../lib/i18n.ts";
import { actorOf, requireLogin, requireOwner } from "../../middleware/auth.ts";
import {
  exportCatalogue,
  headerRow,
  MAX_IMPORT_BYTES,
} from "../../services/catalogue/csv-format.ts";
import {
  getImportJob,
  startImport,
  startImportCheck,
} from "../../services/catalogue/import-jobs.ts";
import {
  type LabelSet,
  labelPdfFromForm,
  MAX_PICK,
  parseIds,
  productsForLabels,
} from "../../services/catalogue/labels.ts";
import { catalogueLocals, say } from "./view-helpers.ts";

const TOO_LARGE = msg("csv:upload.tooLarge", { mb: MAX_IMPORT_BYTES / 1024 / 1024 });

/**
 * Labels, CSV export and CSV import. The upload is read by multer (memory,
 * size-limited) AFTER the CSRF check, which takes the token from the
 * X-CSRF-Token header htmx sends (hx-post + hx-encoding="multipart/form-data"):
 * a plain multipart form's body field cannot be read before the parser runs.
 */
export function productsIoRoutes(ctx: AppContext): Router {
  const { db, logger } = ctx;
  const router = Router();
  // The import preview shows stock as "35 pcs" / "2.5 kg", problems and columns in the reader's language.
  router.use("/products/import", (_req, res, next) => {
    Object.assign(res.locals, catalogueLocals(res));
    next();
  });
  const lang = (res: Response) => (isLanguage(res.locals.lang) ? res.locals.lang : "en");
  const owner = [requireLogin, requireOwner];
  const logError = (err: unknown) => logger.error({ err }, "catalogue import failed");

  // --- labels ---
  router.get("/products/labels", ...owner, async (req, res) => {
    const set: LabelSet =
      req.query.set === "new" || req.query.set === "low" ? req.query.set : "ids";
    const products = await productsForLabels(db, { set, ids: parseIds(req.query.ids) });
    res.render("pages/products-labels", {
      title: say(res, "products:labels.title"),
      set,
      products,
      maxPick: MAX_PICK,
    });
  });

  router.post("/products/labels.pdf", ...owner, async (req, res) => {
    try {
      const { pdf, count } = await labelPdfFromForm(
        db,
        (req.body ?? {}) as Record<string, unknown>,
      );
      res
        .type("application/pdf")
        .set("Content-Disposition", `inline; filename="labels-${count}.pdf"`)
        .set("Cache-Control", "no-store")
        .send(Buffer.from(pdf));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).render("pages/error", {
        title: say(res, "products:labels.cannotPrint"),
        status: err.status,
        message: localText(res, err.text),
      });
    }
  });

  // --- export ---
  router.get("/products/export.csv", ...owner, async (_req, res) => {
    const lng = lang(res);
    const day = new Date().toISOString().slice(0, 10);
    res
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", `attachment; filename="catalogue-${day}.csv"`)
      .set("Cache-Control", "no-store");
    for await (const chunk of exportCatalogue(db, lng)) {
      if (!res.write(chunk)) await once(res, "drain");
    }
    res.end();
  });

  router.get("/products/import/sample.csv", ...owner, (_req, res) => {
    const header = headerRow(lang(res))
      .map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(",");
    res
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", 'attachment; filename="catalogue-sample.csv"')
      .send(
        `\uFEFF${header}\r\n` +
          `8901030865275,"Tata Salt, 1 kg",Staples,28.00,5,2501,pc,40,10,yes\r\n` +
          `,Toor dal (loose),Pulses,"1,250.00",0,0713,kg,25.5,5,yes\r\n`,
      );
  });

  // --- import ---
  router.get("/products/import", ...owner, (_req, res) => {
    res.render("pages/products-import", {
      title: say(res, "products:import.pageTitle"),
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
    });
  });

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 },
  }).single("file");

  const rejectUpload = (res: Response, status: number, message: Text) =>
    res
      .status(status)
      .set("Connection", "close")
      .render("partials/products/import-status", { job: null, message: localText(res, message) });

  router.post(
    "/products/import",
    ...owner,
    (req: Request, res: Response, next: NextFunction) => {
      // Refuse an oversized body before reading it; multer's limit covers chunked uploads.
      if (Number(req.get("content-length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) {
        req.resume();
        return rejectUpload(res, 413, TOO_LARGE);
      }
      upload(req, res, (err: unknown) => {
        if (!err) return next();
        if (err instanceof multer.MulterError) {
          req.resume();
          if (err.code === "LIMIT_FILE_SIZE") return rejectUpload(res, 413, TOO_LARGE);
          return rejectUpload(res, 400, msg("csv:upload.oneFile"));
        }
        // Busboy's errors (no boundary, a body cut short) are a broken upload, not a server fault.
        req.resume();
        return rejectUpload(res, 400, msg("csv:upload.unreadable"));
      });
    },
    (req: Request, res: Response) => {
      const file = req.file;
      if (!file || file.size === 0) return rejectUpload(res, 400, msg("csv:upload.choose"));
      const gstRates: number[] = res.locals.shop?.gstRates ?? [0];
      const job = startImportCheck(
        db,
        actorOf(req),
        file.originalname,
        file.buffer,
        gstRates,
        logError,
      );
      res.status(202).render("partials/products/import-status", { job, message: null });
    },
  );

  router.get("/products/import/:job", ...owner, (req, res) => {
    const job = getImportJob(String(req.params.job), actorOf(req).userId);
    res.render("partials/products/import-status", { job, message: null });
  });

  router.post("/products/import/:job/commit", ...owner, (req, res) => {
    try {
      const setStock = (req.body as Record<string, unknown> | undefined)?.setStock === "1";
      const job = startImport(db, actorOf(req), String(req.params.job), logError, setStock);
      res.status(202).render("partials/products/import-status", { job, message: null });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res.status(err.status).render("partials/products/import-status", {
        job: null,
        message: localText(res, err.text),
      });
    }
  });

  return router;
}
