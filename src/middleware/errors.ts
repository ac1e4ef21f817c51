import type { NextFunction, Request, Response } from "express";
import { storageProblem } from "../db/errors.ts";
import { isDomainError, TooManyAttemptsError } from "../lib/errors.ts";
import type { Logger } from "../logger.ts";
import { isHtmx } from "./auth.ts";

export function notFound(req: Request, res: Response): void {
  const message = "There is no page at this address.";
  if (isHtmx(req)) {
    res.status(404).render("partials/alert", { kind: "error", message });
    return;
  }
  res.status(404).render("pages/error", { title: "Page not found", status: 404, message });
}

function describe(err: unknown): { status: number; message: string; title: string } {
  if (isDomainError(err))
    return { status: err.status, message: err.message, title: "Please check" };
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
      title: "Form expired",
      message: "This form has expired or came from another page. Reload the page and try again.",
    };
  }
  if (status === 413)
    return { status, title: "Too large", message: "The upload or form is too large." };
  if (status && status >= 400 && status < 500) {
    const message =
      e.type === "entity.parse.failed"
        ? "The request body could not be read."
        : "The request was not valid.";
    return { status, title: "Bad request", message };
  }
  const storage = storageProblem(err);
  if (storage) return storage;
  return {
    status: 500,
    title: "Something went wrong",
    message:
      "Something went wrong on our side. Nothing was saved from this request; please try again.",
  };
}

/** Turns any error into a friendly page or htmx fragment; never a stack trace. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, message, title } = describe(err);
    if (status >= 500)
      logger.error({ err, url: req.originalUrl, method: req.method }, "request failed");
    else logger.debug({ status, url: req.originalUrl, msg: message }, "request rejected");
    if (res.headersSent) return;
    if (err instanceof TooManyAttemptsError) res.set("Retry-After", String(err.retryAfterSeconds));
    // The error may come before the locals middleware ran (a bad body, a session
    // store that cannot read): give the layout what it needs.
    res.locals.csrfToken ??= "";
    res.locals.shop ??= null;
    res.locals.staff ??= null;
    res.locals.currentPath ??= req.path;
    const view = isHtmx(req) ? "partials/alert" : "pages/error";
    const locals = isHtmx(req) ? { kind: "error", message } : { title, status, message };
    res.status(status).render(view, locals, (renderErr: Error | null, html?: string) => {
      if (!renderErr) return void res.send(html);
      logger.error({ err: renderErr }, "error page failed to render");
      res.type("text/plain").send(message);
    });
  };
}
