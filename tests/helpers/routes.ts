import type { Express } from "express";

/** The app's route table and access expectations (shared by access.test.ts and the reliability suites). */

export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  name?: string;
  slash?: boolean;
  rawPath?: string;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) on the app; mounted routers' prefixes are prepended. */
export function listRoutes(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on && method !== "_all")
              out.push({ method: method.toUpperCase(), path: prefix + p });
          }
        }
      } else if (layer.handle?.stack) {
        const mount = layer.slash || !layer.rawPath ? "" : layer.rawPath.replace(/\/$/, "");
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A concrete URL for a route pattern: params become ids, wildcards a word, optional groups go. */
export function concrete(path: string, id: number | string): string {
  return (
    path
      .replace(/\{[^}]*\}/g, "")
      .replace(/:[A-Za-z_][A-Za-z0-9_]*/g, String(id))
      .replace(/\*[A-Za-z_][A-Za-z0-9_]*/g, "x") || "/"
  );
}

/** Routes anyone may use (no login). Everything else must require one. */
export const PUBLIC: RegExp[] = [
  /^\/healthz$/,
  /^\/setup$/,
  /^\/login$/,
  /^\/logout$/,
  /^\/lan\/ca\.crt$/,
];

/** Owner-only areas, by path (docs/architecture.md §1: products, stock, staff, settings, voids, analytics…). */
export const OWNER_ONLY: RegExp[] = [
  /^\/products(\/|$)/,
  /^\/stock(\/|$)/,
  /^\/analytics(\/|$)/,
  /^\/staff(\/|$)/,
  /^\/settings(\/|$)/,
  /^\/backups?(\/|$)/,
  /^\/audit(\/|$)/,
  /^\/customers\/export/,
  /^\/customers\/import/,
  /^\/customers\/[^/]+\/erase$/,
  /\/export[^/]*$/, // any CSV/list export: /customers/:id/export.csv, /analytics/…/export
  /\/void(\/|$)/,
  /^\/accounts(\/|$)/, // who owes what (udhaar)
  /^\/customers\/[^/]+\/(account|credit-limit|adjust|write-off)$/,
];
