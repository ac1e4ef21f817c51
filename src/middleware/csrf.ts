import { csrfSync } from "csrf-sync";
import type { Request } from "express";

/**
 * Synchroniser-token CSRF protection: the token lives in the session; forms send
 * it as `_csrf`, htmx requests as the `X-CSRF-Token` header (public/js/app.js).
 */
export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const header = req.get("x-csrf-token");
    if (header) return header;
    const body = req.body as Record<string, unknown> | undefined;
    return typeof body?._csrf === "string" ? body._csrf : undefined;
  },
});
