import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.ts";
import {
  BACKUP_EXT,
  backupsDir,
  backupTo,
  hasInAppBackups,
  KEEP_DAILY,
  listBackups,
} from "../../db/backup.ts";
import { localText } from "../../i18n/text.ts";
import { msg } from "../../lib/i18n.ts";
import { actorOf, requireLogin, requireOwner } from "../../middleware/auth.ts";
import { recordAudit } from "../../services/shop/audit.ts";

/** Owner-only backups: the list of automatic backups and a consistent download made on demand. */
export function backupsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use("/backups", requireLogin, requireOwner);

  router.get("/backups", (_req: Request, res: Response) => {
    res.render("pages/backups", {
      title: localText(res, msg("settings:backups.title")),
      inAppBackups: hasInAppBackups(ctx.database),
      backups: listBackups(ctx.config.dataDir),
      keep: KEEP_DAILY,
      dir: backupsDir(ctx.config.dataDir),
    });
  });

  router.get("/backups/download", async (req: Request, res: Response) => {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
    // Own file per download: two downloads in the same second must not share one.
    const file = path.join(backupsDir(ctx.config.dataDir), `download-${randomUUID()}${BACKUP_EXT}`);
    try {
      await backupTo(ctx.database, file);
      await recordAudit(ctx.db, actorOf(req), "backup.download");
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    }
    res.set("Cache-Control", "no-store");
    res.download(file, `shop-backup-${stamp}${BACKUP_EXT}`, () => rmSync(file, { force: true }));
  });
  return router;
}
