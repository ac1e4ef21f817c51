/** Errors the services raise for the routes to turn into a 4xx with a clear message. */
import { type Text, translate } from "./i18n.ts";

/** A form field's message: plain text or a catalogue Msg (lib/i18n.ts). */
export type FieldErrors = Record<string, Text>;

function english(fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, translate(v)]));
}

/**
 * The common shape: `.message` and `.fields` are English (logs, tests, code
 * that compares), `text` and `fieldTexts` keep the Msg for the reader's
 * language (routes/helpers.ts, middleware/errors.ts).
 */
abstract class DomainErrorBase extends Error {
  abstract readonly status: number;
  readonly text: Text;
  readonly fields: Record<string, string>;
  readonly fieldTexts: FieldErrors;
  constructor(message: Text, fields: FieldErrors = {}) {
    super(translate(message));
    this.text = message;
    this.fieldTexts = fields;
    this.fields = english(fields);
  }
}

/** Input that breaks a rule; `fields` maps a form field to the message shown beside it. */
export class ValidationError extends DomainErrorBase {
  readonly status = 400;
}

export class NotFoundError extends DomainErrorBase {
  readonly status = 404;
}

/** The request is fine but the state does not allow it (duplicate, last owner, no stock…). */
export class ConflictError extends DomainErrorBase {
  readonly status = 409;
}

export class ForbiddenError extends DomainErrorBase {
  readonly status = 403;
}

/** Too many attempts; `retryAfterSeconds` tells the user when to try again. */
export class TooManyAttemptsError extends DomainErrorBase {
  readonly status = 429;
  constructor(
    message: Text,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type DomainError =
  | ValidationError
  | NotFoundError
  | ConflictError
  | ForbiddenError
  | TooManyAttemptsError;

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainErrorBase;
}
