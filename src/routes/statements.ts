import { Router } from "express";
import type { StatementCounter } from "../db/statement-counter.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * GET /__bench/statements: the statement counts so far, as JSON. Mounted only
 * when the database counts statements (SRQB_COUNT_STATEMENTS=1), ahead of the
 * session so reading it runs no statement; answers this computer only.
 */
export function statementCountRoutes(counter: StatementCounter): Router {
  const router = Router();
  router.get("/__bench/statements", (req, res, next) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return next();
    res.set("cache-control", "no-store").json(counter.snapshot());
  });
  return router;
}
