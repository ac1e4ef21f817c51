import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Copies the SQLite write-ahead log back into the database file from a worker
 * thread, so the till's event loop never waits on a checkpoint's fsyncs.
 *
 * better-sqlite3 is synchronous: SQLite's own automatic checkpoint runs inside
 * the COMMIT that crosses its threshold and fsyncs the log and the file there,
 * on the one thread that answers every request. On the bench machine that was
 * one commit in six taking 10–19 ms, half of a completion's mean time. Here a
 * second connection, on its own thread, runs PASSIVE checkpoints while the
 * log holds frames: they never block a writer or a reader, and they sync
 * exactly as SQLite's own would (synchronous = NORMAL, as the app's
 * connection), so what survives a power cut is unchanged.
 *
 * The app's connection keeps an automatic checkpoint (CHECKPOINT_FALLBACK_PAGES)
 * as the safety net: it is what restarts the log from its start under
 * unbroken load, and it does all the work if this worker is not running. The
 * worker starts once writes keep coming and ends after IDLE_MS with nothing
 * to copy, so an idle shop carries no extra thread (nor its 9 MiB).
 */

/** The app connection's automatic checkpoint, in pages, while this worker takes the routine ones. */
export const CHECKPOINT_FALLBACK_PAGES = 4000;
/** Write statements (while no worker runs) that start one: about a dozen bills. */
const START_AFTER_WRITES = 200;
/** The worker stops after this long with nothing to copy (it starts again on the next write). */
const IDLE_MS = 30_000;
/** Between checkpoints while frames keep coming, and while the log is empty. */
const BUSY_EVERY_MS = 5;
const QUIET_EVERY_MS = 50;

// CommonJS, run with eval: nothing for the bundle to lose (the driver is resolved by the app).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
db.pragma("synchronous = NORMAL");
let quietSince = Date.now();
let timer = null;
function stop() {
  clearTimeout(timer);
  db.close();
  process.exit(0);
}
function tick() {
  let copied = 0;
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    copied = row && row.busy === 0 ? row.checkpointed : 0;
  } catch {
    // Busy (another process checkpoints, or the file is being replaced): try again later.
  }
  const now = Date.now();
  if (copied > 0) quietSince = now;
  else if (now - quietSince > workerData.idleMs) return stop();
  timer = setTimeout(tick, copied > 0 ? workerData.busyMs : workerData.quietMs);
}
parentPort.on("message", (m) => {
  if (m === "stop") stop();
});
tick();
`;

const require = createRequire(import.meta.url);

export class Checkpointer {
  #worker: Worker | null = null;
  #closed = false;
  #writes = 0;

  constructor(private readonly file: string) {}

  /** A write was prepared on the app's connection: make sure the worker runs (cheap when it does). */
  wrote(): void {
    if (this.#worker || this.#closed) return;
    // A start-up or the odd sale is left to SQLite's own checkpoint: only a run of writes starts the thread.
    if (++this.#writes < START_AFTER_WRITES) return;
    this.#writes = 0;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve("better-sqlite3"),
        file: this.file,
        idleMs: IDLE_MS,
        busyMs: BUSY_EVERY_MS,
        quietMs: QUIET_EVERY_MS,
      },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    // Never what keeps the process alive; a failure only leaves the work to the fallback.
    worker.unref();
    worker.on("error", () => {});
    worker.on("exit", () => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
  }

  /** Stops the worker (its connection closed) before the app's connection closes. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    // Held now: with nothing else alive (a CLI job's end, a shutdown) the process must wait for it.
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage("stop");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    if (this.#worker === worker) await worker.terminate();
  }
}
