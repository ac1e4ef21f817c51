import type { NextFunction, Request, Response } from "express";
import { storageProblem } from "../db/errors.ts";
import { localText } from "../i18n/text.ts";
import { isDomainError, TooManyAttemptsError } from "../lib/errors.ts";
import { msg, type Text, translate } from "../lib/i18n.ts";
import type { Logger } from "../logger.ts";
import { isHtmx } from "./auth.ts";

export function notFound(req: Request, res: Response): void {
  const message = localText(res, msg("errors:notFound.message"));
  if (isHtmx(req)) {
    res.status(404).render("partials/alert", { kind: "error", message });
    return;
  }
  const title = localText(res, msg("errors:notFound.title"));
  res.status(404).render("pages/error", { title, status: 404, message });
}

function describe(err: unknown): { status: number; message: Text; title: Text } {
  if (isDomainError(err))
    return { status: err.status, message: err.text, title: msg("errors:check.title") };
  const e = err as {
    status?: number;
    statusCode?: number;
    type?: string;
    code?: string;
    message?: string;
  };
  const status = e?.status ?? e?.statusCode;
  if (e?.code === "EBADCSRFTOKEN") {
    return {
      status: 403,
      title: msg("errors:csrf.title"),
      message: msg("errors:csrf.message"),
    };
  }
  if (status === 413)
    return {
      status,
      title: msg("errors:tooLarge.title"),
      message: msg("errors:tooLarge.message"),
    };
  if (status && status >= 400 && status < 500) {
    const message =
      e.type === "entity.parse.failed"
        ? msg("errors:badRequest.unreadable")
        : msg("errors:badRequest.message");
    return { status, title: msg("errors:badRequest.title"), message };
  }
  const storage = storageProblem(err);
  if (storage) return storage;
  return {
    status: 500,
    title: msg("errors:server.title"),
    message: msg("errors:server.message"),
  };
}

/** Turns any error into a friendly page or htmx fragment, in the reader's language; never a stack trace. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const described = describe(err);
    const { status } = described;
    if (status >= 500)
      logger.error({ err, url: req.originalUrl, method: req.method }, "request failed");
    else
      logger.debug(
        { status, url: req.originalUrl, msg: translate(described.message) },
        "request rejected",
      );
    if (res.headersSent) return;
    if (err instanceof TooManyAttemptsError) res.set("Retry-After", String(err.retryAfterSeconds));
    // The error may come before the locals middleware ran (a bad body, a session
    // store that cannot read): give the layout what it needs.
    res.locals.csrfToken ??= "";
    res.locals.shop ??= null;
    res.locals.staff ??= null;
    res.locals.currentPath ??= req.path;
    res.locals.currentUrl ??= req.path;
    res.locals.lang ??= "en";
    // Before the catalogue middleware ran, t() still answers (in English).
    res.locals.t ??= (key: string, params?: Record<string, unknown>) => translate({ key, params });
    const message = localText(res, described.message);
    const title = localText(res, described.title);
    const view = isHtmx(req) ? "partials/alert" : "pages/error";
    const locals = isHtmx(req) ? { kind: "error", message } : { title, status, message };
    res.status(status).render(view, locals, (renderErr: Error | null, html?: string) => {
      if (!renderErr) return void res.send(html);
      logger.error({ err: renderErr }, "error page failed to render");
      res.type("text/plain").send(message);
    });
  };
}
