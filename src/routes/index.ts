import type { Router } from "express";
import type { AppContext } from "../context.ts";
import { accountOwnerRoutes } from "./accounts/accounts.ts";
import { accountPaymentRoutes } from "./accounts/payments.ts";
import { analyticsRoutes } from "./analytics/analytics.ts";
import { billsRoutes } from "./bills/bills.ts";
import { voidRoutes } from "./bills/void.ts";
import { productsRoutes } from "./catalogue/products.ts";
import { customersRoutes } from "./customers/customers.ts";
import { lanRoutes } from "./lan.ts";
import { printingRoutes } from "./printing/printing.ts";
import { returnsRoutes } from "./returns/returns.ts";
import { backupsRoutes } from "./shop/backups.ts";
import { languageRoutes } from "./shop/language.ts";
import { settingsRoutes } from "./shop/settings.ts";
import { staffRoutes } from "./shop/staff.ts";
import { tillCompleteRoutes } from "./till/complete.ts";
import { tillQueryRoutes } from "./till/queries.ts";
import { tillRoutes } from "./till/till.ts";

/**
 * Feature routers, mounted in order after setup/auth/dashboard. One line per feature.
 * The till's come first: a scan is the request a shop makes most, and every
 * router before it is walked layer by layer (no other router has a /till path).
 */
export const featureRoutes: Array<(ctx: AppContext) => Router> = [
  tillRoutes,
  tillCompleteRoutes,
  tillQueryRoutes,
  customersRoutes,
  accountPaymentRoutes,
  accountOwnerRoutes,
  lanRoutes,
  staffRoutes,
  languageRoutes,
  settingsRoutes,
  printingRoutes,
  backupsRoutes,
  voidRoutes,
  analyticsRoutes,
  productsRoutes,
  billsRoutes,
  returnsRoutes,
];
