import type { Router } from "express";
import type { AppContext } from "../app.ts";

/** Feature routers, mounted in order after setup/auth/dashboard. One line per feature. */
export const featureRoutes: Array<(ctx: AppContext) => Router> = [];
