/**
 * What `npm start` and the starters run: launcher/launch.ts from a bundle.
 *
 * Loading the app's TypeScript through tsx costs about a second on every start
 * (transpiling, plus resolving hundreds of small module files) and 50 MiB
 * more memory. esbuild bundles it once into dist/launch.js (native addons and
 * mysql2 stay in node_modules), and later starts load the bundle. The bundle
 * is rebuilt when a source file or the installed packages change (dist/stamp
 * holds their fingerprint). If bundling fails the app starts from source.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const SOURCES = ["src", "launcher"];
// npm rewrites node_modules/.package-lock.json on every install that changes a package.
const INPUTS = ["package.json", "package-lock.json", "node_modules/.package-lock.json"];

/** Names, sizes and change times of everything the bundle is made from (under `base`). */
export function sourceFingerprint(base = root) {
  const hash = createHash("sha256");
  const add = (file) => {
    const s = statSync(file);
    hash.update(`${path.relative(base, file)}\0${s.size}\0${s.mtimeMs}\n`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|mjs)$/.test(entry.name)) add(file);
    }
  };
  for (const dir of SOURCES) walk(path.join(base, dir));
  for (const file of INPUTS) if (existsSync(path.join(base, file))) add(path.join(base, file));
  return hash.digest("hex");
}

/**
 * Packages loaded from node_modules, not bundled: native addons (better-sqlite3,
 * bcrypt), mysql2 (required lazily, only for MySQL), the build tools, and every
 * package that finds its own files next to itself (__dirname, require.resolve,
 * import.meta.url): inside dist/launch.js those would point at dist/.
 * subset-font loads harfbuzzjs's and wawoff2's WebAssembly that way; pino
 * (thread-stream) its worker files; open its xdg-open script.
 */
export const BUNDLE_EXTERNAL = [
  "better-sqlite3",
  "bcrypt",
  "mysql2",
  "esbuild",
  "tsx",
  "subset-font",
  "harfbuzzjs",
  "wawoff2",
  "pino",
  "thread-stream",
  "open",
];

function readStamp() {
  try {
    return readFileSync(path.join(dist, "stamp"), "utf8");
  } catch {
    return "";
  }
}

/**
 * dist/launch.js for the current sources, built when missing or stale. One
 * file (the PDF and certificate code stay lazy inside it): it is written
 * elsewhere and renamed into place, so a start at the same moment, or an app
 * still running from the previous build, never sees half a bundle.
 */
export async function ensureBundle() {
  const entry = path.join(dist, "launch.js");
  const fingerprint = sourceFingerprint();
  if (readStamp() === fingerprint && existsSync(entry)) return entry;
  const esbuild = await import("esbuild");
  const out = path.join(root, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  try {
    await esbuild.build({
      entryPoints: [path.join(root, "launcher/launch.ts")],
      outfile: path.join(out, "launch.js"),
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      external: BUNDLE_EXTERNAL,
      // Bundled CommonJS packages call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: "warning",
    });
    writeFileSync(path.join(out, "stamp"), fingerprint);
    mkdirSync(dist, { recursive: true });
    renameSync(path.join(out, "launch.js"), entry);
    renameSync(path.join(out, "stamp"), path.join(dist, "stamp"));
  } finally {
    rmSync(out, { recursive: true, force: true });
    // build() starts esbuild's service process (~90 MB); it must not live on beside the app.
    await esbuild.stop();
  }
  return entry;
}

async function start() {
  let launcher;
  try {
    launcher = await import(pathToFileURL(await ensureBundle()).href);
  } catch (err) {
    console.error(
      `Starting from source (the app bundle could not be built or loaded: ${err.message}).`,
    );
    const { register } = await import("tsx/esm/api");
    register();
    launcher = await import("./launch.ts");
  }
  await launcher.main();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await start();
}
