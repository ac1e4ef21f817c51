import session from "express-session";
import {
  deleteExpiredSessions,
  deleteSession,
  readSession,
  touchSession,
  writeSession,
} from "./repositories/sessions.repo.ts";
import type { Db } from "./types.ts";

type Callback = (err?: unknown, value?: session.SessionData | null) => void;

/** Sessions in the app's own database, so they survive restarts and are shared by all instances. */
export class DbSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {
    super();
  }

  private expiresOf(sess: session.SessionData): number {
    const cookieExpiry = sess.cookie?.expires
      ? new Date(sess.cookie.expires).getTime()
      : Number.NaN;
    return Number.isFinite(cookieExpiry) ? cookieExpiry : Date.now() + this.idleMs;
  }

  override get(sid: string, cb: Callback): void {
    readSession(this.db, sid, Date.now())
      .then((raw) => cb(null, raw ? (JSON.parse(raw) as session.SessionData) : null))
      .catch((err) => cb(err));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const userId = (sess as { staff?: { id?: number } }).staff?.id ?? null;
    writeSession(this.db, {
      sid,
      sess: JSON.stringify(sess),
      expires: this.expiresOf(sess),
      user_id: userId,
    })
      .then(() => this.sweep())
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    touchSession(this.db, sid, this.expiresOf(sess))
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    deleteSession(this.db, sid)
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  /** Deletes expired rows at most once an hour, piggy-backing on writes. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    await deleteExpiredSessions(this.db, now);
  }
}
