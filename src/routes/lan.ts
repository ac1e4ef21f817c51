import { existsSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import type { AppContext } from "../context.ts";

/**
 * GET /lan/ca.crt: the LAN setting's local CA certificate, so a phone can
 * download and trust it once (README "Use a phone as a scanner"). Public: a CA
 * certificate is not a secret (its key never leaves DATA_DIR). 404 off the LAN setting.
 */
export function lanRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get("/lan/ca.crt", (_req, res, next) => {
    const file = path.join(ctx.config.dataDir, "certs", "lan-ca.crt");
    if (!ctx.config.lan || !existsSync(file)) return next();
    res.type("application/x-x509-ca-cert");
    res.attachment("smart-retail-qr-billing-ca.crt");
    res.sendFile(file);
  });
  return router;
}
