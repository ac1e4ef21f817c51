import session from "express-session";
import type { CacheGeneration, GenerationMap } from "./cache-generation.ts";
import {
  deleteExpiredSessions,
  deleteSession,
  readSession,
  touchSession,
  writeSession,
} from "./repositories/sessions.repo.ts";
import type { Db } from "./types.ts";

type Callback = (err?: unknown, value?: session.SessionData | null) => void;

/** Sessions one process keeps in memory (a shop has a few dozen; the oldest go first). */
const CACHED_SESSIONS = 5_000;
/** The expiry in the database may lag behind the idle timeout by at most this much. */
const TOUCH_EVERY_MS = 60_000;

interface CachedRow {
  sess: string;
  /** The expiry as written in the database (never later than the row's). */
  expires: number;
}

/**
 * Sessions in the app's own database, so they survive restarts and are
 * shared by all instances. Each process keeps the rows it has read
 * (db/cache-generation.ts): a request that finds its row here runs no
 * statement for the session, and the expiry is written behind, at most once
 * a minute per session. Logout, deactivation and password resets delete the
 * row and move the cache generation in one transaction, so every process
 * refuses the session on its next request.
 */
export class DbSessionStore extends session.Store {
  private lastSweep = 0;
  private readonly rows: GenerationMap<string, CachedRow>;

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
    private readonly generation: CacheGeneration,
  ) {
    super();
    this.rows = generation.map(CACHED_SESSIONS);
  }

  private expiresOf(sess: session.SessionData): number {
    const cookieExpiry = sess.cookie?.expires
      ? new Date(sess.cookie.expires).getTime()
      : Number.NaN;
    return Number.isFinite(cookieExpiry) ? cookieExpiry : Date.now() + this.idleMs;
  }

  override get(sid: string, cb: Callback): void {
    const now = Date.now();
    const hit = this.rows.get(sid);
    // A copy per request: express-session changes the object it is given.
    if (hit && hit.expires > now) {
      cb(null, JSON.parse(hit.sess) as session.SessionData);
      return;
    }
    const token = this.generation.token;
    readSession(this.db, sid, now)
      .then((row) => {
        if (!row) {
          this.rows.delete(sid);
          return null;
        }
        this.rows.set(sid, { sess: row.sess, expires: row.expires }, token);
        return JSON.parse(row.sess) as session.SessionData;
      })
      .then(
        (sess) => cb(null, sess),
        (err) => cb(err),
      );
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const userId = (sess as { staff?: { id?: number } }).staff?.id ?? null;
    this.rows.delete(sid);
    writeSession(this.db, {
      sid,
      sess: JSON.stringify(sess),
      expires: this.expiresOf(sess),
      user_id: userId,
    })
      .then(() => this.sweep())
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = this.expiresOf(sess);
    const hit = this.rows.get(sid);
    if (hit && expires - hit.expires < TOUCH_EVERY_MS) {
      cb?.();
      return;
    }
    touchSession(this.db, sid, expires)
      .then((written) => {
        if (!hit) return;
        // Not written: another process moved it already (or it is gone); read it afresh.
        if (written) hit.expires = expires;
        else this.rows.delete(sid);
      })
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.rows.delete(sid);
    deleteSession(this.db, sid).then(
      () => cb?.(),
      (err) => cb?.(err),
    );
  }

  /** Deletes expired rows at most once an hour, piggy-backing on writes. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    await deleteExpiredSessions(this.db, now);
  }
}
