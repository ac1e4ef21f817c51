import type { Response } from "express";
import { localError } from "../i18n/text.ts";
import { isDomainError, TooManyAttemptsError } from "../lib/errors.ts";

/**
 * Re-renders a form view with the error beside its fields (status from the
 * error: 400, 409, 429…), in the reader's language. Errors that are not the
 * user's fault are re-thrown.
 */
export function renderFormError(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  err: unknown,
): void {
  if (!isDomainError(err)) throw err;
  if (err instanceof TooManyAttemptsError) res.set("Retry-After", String(err.retryAfterSeconds));
  const { message, fields } = localError(res, err);
  res.status(err.status).render(view, { ...locals, errors: fields, message });
}

/** Parses a positive integer route id; anything else is treated as not found. */
export function parseId(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/** A safe local redirect target: only paths on this site. */
export function safeNext(value: unknown, fallback = "/"): string {
  if (typeof value !== "string") return fallback;
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
    ? value
    : fallback;
}
