import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";

/**
 * Small signed cookies that need no session row: the browser's client id (the
 * login throttle counts per address + browser) and the login form's CSRF
 * token. Signed with the session secret, so a value the server did not make
 * is ignored.
 */
export const CLIENT_COOKIE = "srqb.client";
export const CSRF_COOKIE = "srqb.csrf";
const CLIENT_MAX_AGE_MS = 400 * 86_400_000; // the longest browsers keep a cookie

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0 || part.slice(0, i).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function signedCookies(secret: string) {
  const mac = (value: string) =>
    createHmac("sha256", secret).update(value).digest("base64url").slice(0, 32);

  /** The value of a cookie this server signed, or undefined. */
  function read(req: Request, name: string): string | undefined {
    const raw = readCookie(req, name);
    const dot = raw?.lastIndexOf(".") ?? -1;
    if (!raw || dot <= 0) return undefined;
    const value = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(mac(value));
    return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
  }

  function write(req: Request, res: Response, name: string, value: string, maxAge?: number) {
    res.cookie(name, `${value}.${mac(value)}`, {
      httpOnly: true,
      sameSite: "lax",
      secure: req.secure,
      path: "/",
      ...(maxAge ? { maxAge } : {}),
    });
  }

  /**
   * This browser's id, made and set on first sight (the login page). A client
   * without the cookie (a script) is its address alone.
   */
  function clientId(req: Request, res: Response): string {
    const existing = read(req, CLIENT_COOKIE);
    if (existing) return existing;
    const id = randomBytes(16).toString("base64url");
    write(req, res, CLIENT_COOKIE, id, CLIENT_MAX_AGE_MS);
    return id;
  }

  /** The throttle's key for this request: address + browser, hashed to a fixed length. */
  function clientKey(req: Request): string {
    const id = read(req, CLIENT_COOKIE) ?? "-";
    return createHash("sha256")
      .update(`${req.ip ?? ""}|${id}`)
      .digest("base64url")
      .slice(0, 43);
  }

  return { read, write, clientId, clientKey };
}

export type SignedCookies = ReturnType<typeof signedCookies>;
