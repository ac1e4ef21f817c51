import { type Request, type Response, Router } from "express";
import { requireLogin } from "../middleware/auth.ts";

export function dashboardRoutes(): Router {
  const router = Router();
  router.get("/", requireLogin, (_req: Request, res: Response) => {
    res.render("pages/dashboard", { title: "Dashboard" });
  });
  return router;
}
