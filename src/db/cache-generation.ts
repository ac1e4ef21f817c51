import { readCacheGeneration } from "./repositories/counters.repo.ts";
import type { Executor } from "./types.ts";

/**
 * Per-process caches that stay right when several app processes (or a
 * console script) share one database (docs/architecture.md §5).
 *
 * One counters row, `cache:generation`, is moved on in the SAME transaction
 * as every write that makes a cached value wrong: a session changed or
 * deleted (logout, a member deactivated, a password reset — including
 * `npm run staff:reset-password` from another process), the shop's settings
 * saved. Every request first reads that row by primary key (`check()`, one
 * cheap statement); when it moved since this process last looked, every
 * cache registered here is dropped before the request reads anything else.
 * So a write committed on process A is seen by process B's next request,
 * exactly as if B had read the database itself.
 *
 * A load that started before a drop must not refill the cache with what it
 * read before the write: loads take a token first (`token`) and keep their
 * result only while it is still current.
 *
 * Products and stock are never cached: a scan reads the product inside the
 * transaction that writes the line, so a price changed on another process is
 * what the next scan charges.
 */
export class CacheGeneration {
  #seen: number | undefined;
  #epoch = 0;
  readonly #caches = new Set<{ clear(): void }>();

  constructor(private readonly db: Executor) {}

  /** Reads the generation (one primary-key read); when it moved, drops every cache. */
  async check(): Promise<void> {
    const value = await readCacheGeneration(this.db);
    if (value === this.#seen) return;
    this.#seen = value;
    this.drop();
  }

  /** Drops every cache now (this process wrote something they hold). */
  drop(): void {
    this.#epoch++;
    for (const cache of this.#caches) cache.clear();
  }

  /** Taken before a load reads the database; its result is kept only while the token is current. */
  get token(): number {
    return this.#epoch;
  }

  isCurrent(token: number): boolean {
    return token === this.#epoch;
  }

  /** A map of at most `max` entries (the oldest goes first), dropped with the generation. */
  map<K, V>(max: number): GenerationMap<K, V> {
    const map = new GenerationMap<K, V>(this, max);
    this.#caches.add(map);
    return map;
  }

  /** One value, loaded on first use after each drop. */
  value<V>(load: () => Promise<V>): GenerationValue<V> {
    const value = new GenerationValue(this, load);
    this.#caches.add(value);
    return value;
  }
}

export class GenerationMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(
    private readonly generation: CacheGeneration,
    private readonly max: number,
  ) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Keeps `value` if no drop happened since `token` was taken. */
  set(key: K, value: V, token: number): void {
    if (!this.generation.isCurrent(token)) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

export class GenerationValue<V> {
  #loaded: { value: V } | null = null;

  constructor(
    private readonly generation: CacheGeneration,
    private readonly load: () => Promise<V>,
  ) {}

  async get(): Promise<V> {
    if (this.#loaded) return this.#loaded.value;
    const token = this.generation.token;
    const value = await this.load();
    if (this.generation.isCurrent(token)) this.#loaded = { value };
    return value;
  }

  clear(): void {
    this.#loaded = null;
  }
}
