import type { Router } from "express";
import type { AppContext } from "../app.ts";
import { analyticsRoutes } from "./analytics.routes.ts";
import { backupsRoutes } from "./backups.routes.ts";
import { billsRoutes } from "./bills.routes.ts";
import { customersRoutes } from "./customers.routes.ts";
import { lanRoutes } from "./lan.routes.ts";
import { printingRoutes } from "./printing.routes.ts";
import { productsRoutes } from "./products.routes.ts";
import { settingsRoutes } from "./settings.routes.ts";
import { staffRoutes } from "./staff.routes.ts";
import { tillRoutes } from "./till.routes.ts";

/** Feature routers, mounted in order after setup/auth/dashboard. One line per feature. */
export const featureRoutes: Array<(ctx: AppContext) => Router> = [
  customersRoutes,
  lanRoutes,
  staffRoutes,
  settingsRoutes,
  printingRoutes,
  backupsRoutes,
  tillRoutes,
  analyticsRoutes,
  productsRoutes,
  billsRoutes,
];
