import { Router } from "express";
import type { AppDatabase } from "../db/database.ts";
import { APP_ID, APP_VERSION } from "../version.ts";

/** GET /healthz: identifies this app so the launcher can tell it from another program. */
export function healthRoutes(database: AppDatabase): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const ok = await database.ping();
    res.status(ok ? 200 : 503).json({
      app: APP_ID,
      version: APP_VERSION,
      dialect: database.dialect,
      database: ok ? "ok" : "unavailable",
      pid: process.pid,
    });
  });
  return router;
}
