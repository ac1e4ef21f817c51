import { type NextFunction, type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import { isDomainError, NotFoundError } from "../../lib/errors.ts";
import { actorOf, isHtmx, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { defaultOsPrinter } from "../../services/printing/os-printers.ts";
import {
  getSilentPrinting,
  openDrawer,
  printJobStatus,
  printPdfInstead,
  queueReceipt,
  queueTestPrint,
  retryPrintJob,
  setSilentPrinting,
} from "../../services/printing/print-jobs.ts";
import {
  addPrinter,
  editPrinter,
  getPrinter,
  printerFormValues,
  printersOverview,
  removePrinter,
} from "../../services/printing/printers.ts";
import { parseId } from "../helpers.ts";

const page = "pages/settings-printers";
const statusPartial = "partials/printing/job-status";
/** How long a status request waits for the printer's answer (the till shows it within 3 s). */
const STATUS_WAIT_MS = 2500;

/**
 * Receipt printers. Owner: Settings → Printers (add, edit, remove, test page,
 * open the drawer, silent PDF printing). Any staff: a job's status (the till
 * asks after completing a bill), retry, and a thermal reprint of a bill.
 */
export function printingRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use("/settings/printers", requireLogin, requireOwner);

  async function renderPage(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const editId = parseId(String(req.query.edit ?? ""));
    const editing = editId ? await getPrinter(db, editId).catch(() => null) : null;
    const jobId = parseId(String(req.query.job ?? ""));
    const [printers, silentPrinting, osDefault, job] = await Promise.all([
      printersOverview(db),
      getSilentPrinting(db),
      defaultOsPrinter(),
      jobId ? printJobStatus(db, jobId).catch(() => null) : null,
    ]);
    res.render(page, {
      title: "Printers",
      printers,
      editing,
      values: printerFormValues(editing ?? undefined),
      silentPrinting,
      osDefault,
      job,
      saved: req.query.saved === "1",
      ...extra,
    });
  }

  router.get("/settings/printers", (req, res) => renderPage(req, res));

  const save = (run: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await run(req);
      res.redirect(303, "/settings/printers?saved=1");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const fields = "fields" in err ? err.fields : {};
      res.status(err.status);
      await renderPage(req, res, { values: req.body ?? {}, errors: fields, message: err.message });
    }
  };
  router.post(
    "/settings/printers",
    save((req) => addPrinter(db, actorOf(req), req.body)),
  );
  router.post(
    "/settings/printers/:id",
    save((req) => editPrinter(db, actorOf(req), parseId(req.params.id) ?? 0, req.body)),
  );
  router.post(
    "/settings/printers/:id/delete",
    save((req) => removePrinter(db, actorOf(req), parseId(req.params.id) ?? 0)),
  );
  router.post(
    "/settings/printing",
    save((req) => setSilentPrinting(db, actorOf(req), req.body)),
  );

  // A test page or the drawer: wait for the printer's answer, then show it on the page.
  const sendNow =
    (queue: (req: Request) => Promise<number>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const id = await queue(req);
        await printJobStatus(db, id, STATUS_WAIT_MS);
        res.redirect(303, `/settings/printers?job=${id}`);
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        throw err;
      }
    };
  router.post(
    "/settings/printers/:id/test",
    sendNow((req) => queueTestPrint(db, actorOf(req), parseId(req.params.id) ?? 0)),
  );
  router.post(
    "/settings/printers/:id/drawer",
    sendNow((req) => openDrawer(db, actorOf(req), parseId(req.params.id) ?? 0)),
  );

  const jobRoute =
    (run: (id: number) => Promise<unknown>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      try {
        await run(id);
        const wait = req.query.wait === "0" ? 0 : STATUS_WAIT_MS;
        res.render(statusPartial, { job: await printJobStatus(db, id, wait) });
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        throw err;
      }
    };
  router.get(
    "/print-jobs/:id/status",
    requireLogin,
    jobRoute(async () => {}),
  );
  router.post(
    "/print-jobs/:id/retry",
    requireLogin,
    jobRoute((id) => retryPrintJob(db, id)),
  );

  router.get(
    "/print-jobs/:id/pdf",
    requireLogin,
    async (req: Request, res: Response, next: NextFunction) => {
      const id = parseId(req.params.id);
      if (id === null) return next();
      try {
        const billId = await printPdfInstead(db, id);
        if (billId === null) return next();
        res.redirect(303, `/bills/${billId}/pdf`);
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        throw err;
      }
    },
  );

  router.post(
    "/bills/:id/receipt",
    requireLogin,
    async (req: Request, res: Response, next: NextFunction) => {
      const billId = parseId(req.params.id);
      if (billId === null) return next();
      try {
        const id = await queueReceipt(db, actorOf(req), billId);
        if (!isHtmx(req)) return res.redirect(303, `/bills/${billId}`);
        res.render(statusPartial, { job: await printJobStatus(db, id, 0) });
      } catch (err) {
        if (err instanceof NotFoundError) return next();
        if (!isDomainError(err)) throw err;
        res.status(err.status).render("partials/alert", { kind: "error", message: err.message });
      }
    },
  );
  return router;
}
