import path from "node:path";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { CacheGeneration } from "./db/cache-generation.ts";
import type { AppDatabase } from "./db/database.ts";
import { DbSessionStore } from "./db/session-store.ts";
import { i18nMiddleware, initI18n } from "./i18n/i18n.ts";
import { createLogger, type Logger } from "./logger.ts";
import { signedCookies } from "./middleware/client-cookies.ts";
import { createCsrf } from "./middleware/csrf.ts";
import { errorHandler, notFound } from "./middleware/errors.ts";
import { sessions } from "./middleware/session.ts";
import { dashboardRoutes } from "./routes/dashboard.ts";
import { healthRoutes } from "./routes/health.ts";
import { featureRoutes } from "./routes/index.ts";
import { authRoutes } from "./routes/shop/auth.ts";
import { setupRoutes } from "./routes/shop/setup.ts";
import { statementCountRoutes } from "./routes/statements.ts";
import { viewHelpers } from "./routes/view-helpers.ts";
import { getShop, isSetUp } from "./services/shop/settings.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface AppDeps {
  database: AppDatabase;
  config: Config;
  logger?: Logger;
}

/**
 * Forms post flat fields. A JSON body with nested objects (e.g.
 * {"qty": {"toString": 1}}) would reach String() in a route and throw: refuse
 * it while parsing, which answers 400 "The request body could not be read".
 */
function flatJson(key: string, value: unknown): unknown {
  if (key !== "" && value !== null && typeof value === "object" && !Array.isArray(value))
    throw new SyntaxError("nested objects are not form fields");
  return value;
}

/** A shop shared by every request of this process: nothing may change it in place. */
function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === "object") Object.freeze(v);
  return Object.freeze(value);
}

/** Builds the Express app (no port): what the server and the tests use. */
export function createApp(deps: AppDeps): Express {
  const { database, config } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const ctx: AppContext = { database, db: database.db, config, logger };
  const app = express();

  const views = path.join(root, "views");
  app.set("view engine", "ejs");
  app.set("views", views);
  // Templates include each other by absolute name (include('/partials/alert')), found
  // under views/ without a file-system check: a relative include costs EJS an
  // existsSync on every call, ~4 % of a scan. Compiled templates are kept (cache).
  app.engine("ejs", (file, data, done) =>
    ejs.renderFile(file, data as ejs.Data, { root: views, cache: true }, done),
  );
  // Found beside views/ the same way, from src/ or from the bundle in dist/.
  const catalogue = initI18n(path.join(root, "locales"));
  // Compiled templates are kept for the life of the process (Express turns this
  // on only with NODE_ENV=production; a shop never sets that, and recompiling
  // every include per request costs most of a scan's time).
  app.set("view cache", true);
  app.set("trust proxy", false);
  app.disable("x-powered-by");
  // No ETag (a SHA-1 of every answer): a logged-in page is no-store, a till answer a
  // POST; the static files keep theirs (express.static makes its own).
  app.set("etag", false);
  Object.assign(app.locals, viewHelpers);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, "img-src": ["'self'", "data:", "blob:"] },
      },
      // The app is served over plain http on 127.0.0.1; HSTS would break that.
      strictTransportSecurity: false,
    }),
  );

  const staticOptions = { maxAge: config.isProduction ? "1d" : 0 };
  app.use("/static", express.static(path.join(root, "public"), staticOptions));
  app.use(
    "/vendor/htmx",
    express.static(path.join(root, "node_modules/htmx.org/dist"), staticOptions),
  );
  // Hindi must never show as boxes on a PC without Devanagari fonts (public/css/base.css).
  app.use(
    "/vendor/fonts/devanagari",
    express.static(path.join(root, "node_modules/@fontsource/noto-sans-devanagari/files"), {
      ...staticOptions,
      maxAge: "30d",
    }),
  );
  app.use(
    "/vendor/zxing",
    express.static(path.join(root, "node_modules/@zxing/browser/umd"), staticOptions),
  );
  app.use(healthRoutes(database));
  if (database.statements) app.use(statementCountRoutes(database.statements));

  app.use(express.urlencoded({ extended: false, limit: "1mb", parameterLimit: 2000 }));
  app.use(express.json({ limit: "1mb", reviver: flatJson }));

  // Session rows and the shop's settings are cached in this process; the one
  // read of the cache generation tells when another process (or this one)
  // changed them, and drops them before anything else is read
  // (db/cache-generation.ts).
  const generation = new CacheGeneration(database.db);
  const shopCache = generation.value(async () => {
    const shop = await getShop(database.db);
    return shop ? deepFreeze(shop) : undefined;
  });
  app.use(async (_req: Request, _res: Response, next: NextFunction) => {
    await generation.check();
    next();
  });

  app.use(
    sessions({
      store: new DbSessionStore(database.db, generation),
      secret: config.sessionSecret,
      idleMs: config.sessionIdleMinutes * 60_000,
      onError: (err) => logger.error({ err }, "session not written"),
    }),
  );

  const cookies = signedCookies(config.sessionSecret);
  const { csrfSynchronisedProtection, generateToken } = createCsrf(cookies);

  let setUpCache = false;
  const state = {
    // Once set up, a shop never goes back; cache the answer after the first yes.
    setUp: async () => {
      if (!setUpCache) setUpCache = await isSetUp(database.db);
      return setUpCache;
    },
  };

  // After the session: a logged-in member's language comes from it.
  app.use(i18nMiddleware(catalogue, { mark: config.i18nMark }));

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    res.locals.staff = req.session.staff ?? null;
    // Anything a logged-in user sees can hold customers' names and phones (pages,
    // fragments, PDFs, CSV): no browser or proxy keeps a copy.
    if (req.session.staff) res.set("Cache-Control", "no-store");
    res.locals.csrfToken = generateToken(req);
    res.locals.currentPath = req.path;
    // Where the header's language switch returns to (GET pages only; else the path).
    res.locals.currentUrl = req.method === "GET" ? req.originalUrl : req.path;
    res.locals.errors = {};
    res.locals.values = {};
    res.locals.message = null;
    if (!(await state.setUp())) {
      if (req.path !== "/setup") return res.redirect("/setup");
      res.locals.shop = null;
      return next();
    }
    res.locals.shop = await shopCache.get();
    next();
  });

  app.use(csrfSynchronisedProtection);

  app.use(setupRoutes(database.db, state));
  app.use(authRoutes(database.db, config, cookies));
  app.use(dashboardRoutes());
  // npm run bench only: the whole middleware stack above answering a constant,
  // the baseline every HTTP scenario is measured against in the same run.
  if (config.benchBaseline) app.get("/__bench/constant", (_req, res) => void res.send("ok"));
  for (const mount of featureRoutes) app.use(mount(ctx));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
