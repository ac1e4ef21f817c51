/** Errors the services raise for the routes to turn into a 4xx with a clear message. */

export type FieldErrors = Record<string, string>;

/** Input that breaks a rule; `fields` maps a form field to the message shown beside it. */
export class ValidationError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  readonly status = 404;
}

/** The request is fine but the state does not allow it (duplicate, last owner, no stock…). */
export class ConflictError extends Error {
  readonly status = 409;
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  readonly status = 403;
}

/** Too many attempts; `retryAfterSeconds` tells the user when to try again. */
export class TooManyAttemptsError extends Error {
  readonly status = 429;
  constructor(
    message: string,
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
  return (
    err instanceof ValidationError ||
    err instanceof NotFoundError ||
    err instanceof ConflictError ||
    err instanceof ForbiddenError ||
    err instanceof TooManyAttemptsError
  );
}
