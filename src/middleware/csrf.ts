import { csrfSync } from "csrf-sync";
import type { Request } from "express";
import { CSRF_COOKIE, type SignedCookies } from "./client-cookies.ts";

/**
 * Synchroniser-token CSRF protection. Forms send the token as `_csrf`, htmx
 * requests as the `X-CSRF-Token` header (public/js/app.js). A logged-in
 * member's token lives in the session. Before login (the login and setup
 * forms) it lives in a signed, httpOnly cookie instead, so an anonymous visit
 * writes no session row and a cross-site form still cannot post: it can
 * neither read the cookie nor forge its signature.
 */
export function createCsrf(cookies: SignedCookies) {
  // The token set during this request, before the browser sends the cookie back.
  const fresh = new WeakMap<Request, string>();
  return csrfSync({
    getTokenFromRequest: (req: Request) => {
      const header = req.get("x-csrf-token");
      if (header) return header;
      const body = req.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === "string" ? body._csrf : undefined;
    },
    getTokenFromState: (req: Request) => {
      if (req.session.staff) return req.session.csrfToken;
      return fresh.get(req) ?? cookies.read(req, CSRF_COOKIE);
    },
    storeTokenInState: (req: Request, token) => {
      if (req.session.staff) {
        req.session.csrfToken = token;
        return;
      }
      if (!token || !req.res) return;
      fresh.set(req, token);
      cookies.write(req, req.res, CSRF_COOKIE, token);
    },
    // 32 bytes is plenty; the default 128 makes a 300-character cookie.
    size: 32,
  });
}
