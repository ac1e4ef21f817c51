import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import onHeaders from "on-headers";
import type { DbSessionStore } from "../db/session-store.ts";
import type { StaffMember } from "../services/shop/auth.ts";
import { readCookie } from "./client-cookies.ts";

/** What a session holds: the member logged in and their CSRF token. */
export interface SessionData {
  staff?: StaffMember;
  csrfToken?: string | null;
}

declare global {
  namespace Express {
    interface Request {
      session: Session;
    }
  }
}

export const SESSION_COOKIE = "srqb.sid";
/** Signed cookies verified already, by their whole value (a shop has a few dozen). */
const VERIFIED_COOKIES = 5_000;

interface Control {
  id: string | null;
  /** The data the session had when the request began (frozen; shared by requests). */
  loaded: Readonly<SessionData>;
  destroyed: boolean;
}

/**
 * req.session. Its own enumerable fields are the data (JSON.stringify(session)
 * is what is stored); the id and the state stay in a private field.
 */
export class Session implements SessionData {
  staff?: StaffMember;
  csrfToken?: string | null;
  readonly #ctl: Control;
  readonly #store: DbSessionStore;

  constructor(store: DbSessionStore, ctl: Control, data: SessionData) {
    this.#store = store;
    this.#ctl = ctl;
    if (data.staff !== undefined) this.staff = data.staff;
    if (data.csrfToken !== undefined) this.csrfToken = data.csrfToken;
  }

  get id(): string | null {
    return this.#ctl.id;
  }

  /** A fresh, empty session under a new id (login: defeats session fixation); the old row is deleted. */
  regenerate(cb: (err?: unknown) => void): void {
    const old = this.#ctl.id;
    this.#ctl.id = newSessionId();
    delete this.staff;
    delete this.csrfToken;
    if (!old) return void queueMicrotask(cb);
    this.#store.destroy(old).then(() => cb(), cb);
  }

  /** Deletes the session (logout): nothing is saved for this request. */
  destroy(cb: (err?: unknown) => void): void {
    const old = this.#ctl.id;
    this.#ctl.destroyed = true;
    delete this.staff;
    delete this.csrfToken;
    if (!old) return void queueMicrotask(cb);
    this.#store.destroy(old).then(() => cb(), cb);
  }
}

function newSessionId(): string {
  return randomBytes(24).toString("base64url");
}

const EMPTY: Readonly<SessionData> = Object.freeze({});

function parse(json: string): Readonly<SessionData> {
  // Rows written by express-session also carry its "cookie" object: only the data is kept.
  const { staff, csrfToken } = JSON.parse(json) as SessionData;
  const data: SessionData = {};
  if (staff !== undefined) data.staff = Object.freeze(staff);
  if (csrfToken !== undefined) data.csrfToken = csrfToken;
  return Object.freeze(data);
}

/** A session's data is replaced, never changed in place (its staff is frozen): compare by reference. */
function changed(session: Session, loaded: Readonly<SessionData>): boolean {
  return session.staff !== loaded.staff || session.csrfToken !== loaded.csrfToken;
}

/**
 * Sessions in the app's database (db/session-store.ts) behind a signed
 * cookie, with an idle timeout. It replaces express-session, whose fixed
 * costs were a sixth of a scan's server time in the bench profile: two SHA-1
 * hashes of the session per request to see whether it changed, an HMAC to
 * read the cookie and another to send it again on every response (rolling).
 * Here a cached row is parsed once and a change is seen by reference (the
 * data is replaced, never changed in place), a cookie's signature is checked
 * once per process, and the cookie is sent again only when the
 * stored expiry moves (at most once a minute, db/session-store.ts), so the
 * browser's cookie and the row expire together. The cookie keeps
 * express-session's format ("s:<id>.<HMAC-SHA256>"), so sessions made before
 * the change stay logged in.
 */
export function sessions(options: {
  store: DbSessionStore;
  secret: string;
  idleMs: number;
  onError: (err: unknown) => void;
}): RequestHandler {
  const { store, secret, idleMs, onError } = options;
  const mac = (id: string) =>
    createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, "");
  const verified = new Map<string, string>();
  const parsed = new Map<string, Readonly<SessionData>>();

  /** The id inside a cookie this server signed, else null. */
  function idOf(raw: string | undefined): string | null {
    if (!raw) return null;
    const known = verified.get(raw);
    if (known) return known;
    if (!raw.startsWith("s:")) return null;
    const dot = raw.lastIndexOf(".");
    if (dot <= 2) return null;
    const id = raw.slice(2, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(mac(id));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (verified.size >= VERIFIED_COOKIES) verified.clear();
    verified.set(raw, id);
    return id;
  }

  function sendCookie(req: Request, res: Response, id: string): void {
    res.cookie(SESSION_COOKIE, `s:${id}.${mac(id)}`, {
      httpOnly: true,
      sameSite: "lax",
      secure: req.secure,
      path: "/",
      maxAge: idleMs,
    });
  }

  return async (req: Request, res: Response, next: NextFunction) => {
    const cookieId = idOf(readCookie(req, SESSION_COOKIE));
    let json: string | null = null;
    if (cookieId) {
      try {
        json = await store.get(cookieId);
      } catch (err) {
        return next(err);
      }
    }
    let loaded = EMPTY;
    if (json !== null) {
      // The store hands back the same string while its row is cached: parsed once per process.
      loaded = parsed.get(json) ?? parse(json);
      if (parsed.size >= VERIFIED_COOKIES) parsed.clear();
      parsed.set(json, loaded);
    }
    const ctl: Control = { id: json === null ? null : cookieId, loaded, destroyed: false };
    const session = new Session(store, ctl, loaded);
    req.session = session;

    // What the response does with the session is decided once, before its headers go out.
    let decided = false;
    let save: Promise<void> | null = null;
    const decide = () => {
      if (decided || ctl.destroyed) return;
      decided = true;
      const empty = session.staff === undefined && session.csrfToken === undefined;
      // A session nobody logged into is not kept (no row for an anonymous visit).
      if (!ctl.id && !empty) ctl.id = newSessionId();
      const id = ctl.id;
      if (!id) return;
      const expires = Date.now() + idleMs;
      if (changed(session, ctl.loaded) || id !== cookieId) {
        sendCookie(req, res, id);
        // Never a rejection left unheard (an answer the client dropped never reaches end()).
        save = store
          .set(id, JSON.stringify(session), expires, session.staff?.id ?? null)
          .catch(onError);
      } else if (store.touchDue(id, expires)) {
        // The expiry moves (written behind) and the browser's cookie with it.
        sendCookie(req, res, id);
        store.touch(id, expires).catch(onError);
      }
    };
    onHeaders(res, decide);
    // A changed session is written before the answer ends: the browser's next request finds it.
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (!res.headersSent) decide();
      const writing = save;
      save = null;
      if (!writing) return end(...args);
      void writing.then(() => end(...args));
      return res;
    }) as Response["end"];
    next();
  };
}
