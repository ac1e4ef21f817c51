import { Router } from "express";
import { type AppDatabase, databaseHealth } from "../db/database.ts";
import { APP_ID, APP_VERSION } from "../version.ts";

/** GET /healthz: identifies this app so the launcher can tell it from another program. */
export function healthRoutes(database: AppDatabase): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const { ok, report } = await databaseHealth(database);
    res
      .status(ok ? 200 : 503)
      .json({ app: APP_ID, version: APP_VERSION, ...report, pid: process.pid });
  });
  return router;
}
