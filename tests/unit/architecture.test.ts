import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The shape of src/ described in docs/architecture.md, checked from the import graph.
// Every import counts, type-only ones included, for every rule (cycles too).

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const src = join(root, "src");

/** Files that are data, not code, and may be long. */
const LONG_DATA_FILES = new Set(["src/services/demo/catalogue.ts"]);
const MAX_LINES = 300;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

const SPECIFIER = [
  /^\s*(?:import|export)\s[^"';]*?\sfrom\s*"([^"]+)"/gms,
  /^\s*import\s*"([^"]+)"/gm,
  /\bimport\(\s*"([^"]+)"\s*\)/g,
];

/** Relative imports of one file, resolved to repo-relative paths. */
function importsOf(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIER) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1] ?? "";
      if (!spec.startsWith(".")) continue;
      found.add(relative(root, resolve(dirname(file), spec)));
    }
  }
  return [...found];
}

const files = walk(src).map((path) => relative(root, path));
const graph = new Map(
  files.map((file) => [file, importsOf(join(root, file), readFileSync(join(root, file), "utf8"))]),
);

function violations(from: (file: string) => boolean, to: (target: string) => boolean): string[] {
  return [...graph].flatMap(([file, targets]) =>
    from(file) ? targets.filter(to).map((target) => `${file} -> ${target}`) : [],
  );
}

const under = (dir: string) => (path: string) => path.startsWith(`src/${dir}/`);

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

describe("architecture of src/", () => {
  it("reads imports, re-exports and dynamic imports", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type {\n  B,\n} from "../b/b.ts";',
      'export { c } from "./c.ts";',
      'import "./side.ts";',
      'const d = await import("./d.ts");',
      'import { e } from "express";',
    ].join("\n");
    expect(importsOf(join(src, "x/y.ts"), text).sort()).toEqual(
      ["src/b/b.ts", "src/x/a.ts", "src/x/c.ts", "src/x/d.ts", "src/x/side.ts"].sort(),
    );
  });

  it("resolves every relative import to a file", () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !files.includes(t)).map((t) => `${file} -> ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it(`keeps every file at ${MAX_LINES} lines or fewer, data files excepted`, () => {
    const long = files.filter((file) => {
      if (LONG_DATA_FILES.has(file)) return false;
      return readFileSync(join(root, file), "utf8").split("\n").length - 1 > MAX_LINES;
    });
    expect(long).toEqual([]);
  });

  it("keeps src/lib pure: it imports only itself", () => {
    expect(violations(under("lib"), (t) => !under("lib")(t))).toEqual([]);
  });

  it("lets src/pdf use only src/lib (plain helpers and domain types) and itself", () => {
    expect(violations(under("pdf"), (t) => !under("lib")(t) && !under("pdf")(t))).toEqual([]);
  });

  it("never imports routes or middleware into src/db", () => {
    expect(violations(under("db"), (t) => under("routes")(t) || under("middleware")(t))).toEqual(
      [],
    );
  });

  it("has no import cycle between files", () => {
    expect(cycles().map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("names no SQL dialect outside src/db and config", () => {
    const named = files.filter((file) => {
      if (under("db")(file) || file === "src/config.ts") return false;
      return /\b(dialect|sqlite|mysql)\b/i.test(readFileSync(join(root, file), "utf8"));
    });
    expect(named).toEqual([]);
  });
});

describe("views/", () => {
  const views = join(root, "views");
  const templates = (function all(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return all(path);
      return name.endsWith(".ejs") ? [path] : [];
    });
  })(views);

  it("includes every template by its name under views/, and the name is a template", () => {
    const wrong: string[] = [];
    for (const file of templates) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\binclude\(\s*(?:'([^']*)'|"([^"]*)"|([^'"\s]))/g)) {
        const name = m[1] ?? m[2] ?? m[3] ?? "";
        const at = `${relative(root, file)}: include(${name})`;
        // A relative or computed name costs EJS a file-system check on every render.
        if (!name.startsWith("/")) wrong.push(`${at} is not /name`);
        else if (!statSync(join(views, `${name}.ejs`), { throwIfNoEntry: false }))
          wrong.push(`${at} is missing`);
      }
    }
    expect(templates.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });
});
