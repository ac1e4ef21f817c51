import type { CacheGeneration, GenerationMap } from "./cache-generation.ts";
import {
  deleteExpiredSessions,
  deleteSession,
  readSession,
  touchSession,
  writeSession,
} from "./repositories/sessions.repo.ts";
import type { Db } from "./types.ts";

/** Sessions one process keeps in memory (a shop has a few dozen; the oldest go first). */
const CACHED_SESSIONS = 5_000;
/** The expiry in the database (and the browser's cookie) may lag behind the idle timeout by at most this much. */
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
export class DbSessionStore {
  private lastSweep = 0;
  private readonly rows: GenerationMap<string, CachedRow>;

  constructor(
    private readonly db: Db,
    private readonly generation: CacheGeneration,
  ) {
    this.rows = generation.map(CACHED_SESSIONS);
  }

  /** The session's JSON while it has not expired, else null. */
  async get(sid: string): Promise<string | null> {
    const now = Date.now();
    const hit = this.rows.get(sid);
    if (hit && hit.expires > now) return hit.sess;
    const token = this.generation.token;
    const row = await readSession(this.db, sid, now);
    if (!row) {
      this.rows.delete(sid);
      return null;
    }
    this.rows.set(sid, { sess: row.sess, expires: row.expires }, token);
    return row.sess;
  }

  async set(sid: string, sess: string, expires: number, userId: number | null): Promise<void> {
    this.rows.delete(sid);
    await writeSession(this.db, { sid, sess, expires, user_id: userId });
    await this.sweep();
  }

  /** True when `expires` is a minute or more past what was written: the row (and the cookie) move. */
  touchDue(sid: string, expires: number): boolean {
    const hit = this.rows.get(sid);
    return !hit || expires - hit.expires >= TOUCH_EVERY_MS;
  }

  async touch(sid: string, expires: number): Promise<void> {
    if (!this.touchDue(sid, expires)) return;
    const hit = this.rows.get(sid);
    const written = await touchSession(this.db, sid, expires);
    if (!hit) return;
    // Not written: another process moved it already (or it is gone); read it afresh.
    if (written) hit.expires = expires;
    else this.rows.delete(sid);
  }

  async destroy(sid: string): Promise<void> {
    this.rows.delete(sid);
    await deleteSession(this.db, sid);
  }

  /** Deletes expired rows at most once an hour, piggy-backing on writes. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    await deleteExpiredSessions(this.db, now);
  }
}
