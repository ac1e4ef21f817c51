// The stylesheets stay small and each rule lives in one place: no file over 300 lines,
// no selector (in its @media context) defined in two files, no rule written twice in a
// file, and the layout links every file under public/css exactly once.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const cssDir = path.join(root, "public/css");
const MAX_LINES = 300;

/** Splits at commas outside parentheses: ".a, :is(.b, .c)" → [".a", ":is(.b, .c)"]. */
function splitSelectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of list) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out.map((s) => s.replace(/\s+/g, " ").trim());
}

interface CssRule {
  /** "" at top level, else the at-rule prelude, e.g. "@media (max-width: 640px)". */
  context: string;
  selectors: string[];
}

/** Top-level rules and rules one level inside @media; @keyframes count as one rule by name. */
function parseRules(css: string): CssRule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const rules: CssRule[] = [];
  let i = 0;
  const walk = (context: string, end: number) => {
    while (i < end) {
      const open = text.indexOf("{", i);
      const close = text.indexOf("}", i);
      if (open === -1 || open > end || (close !== -1 && close < open)) {
        i = close === -1 ? end : close + 1;
        return;
      }
      const prelude = text.slice(i, open).replace(/\s+/g, " ").trim();
      i = open + 1;
      if (prelude.startsWith("@media")) {
        walk(prelude, end);
      } else if (prelude.startsWith("@")) {
        // @keyframes and the like: one named rule, body skipped. An @font-face
        // is named by its body: one per family and weight.
        const start = i;
        let depth = 1;
        while (depth > 0 && i < end) {
          if (text[i] === "{") depth++;
          if (text[i] === "}") depth--;
          i++;
        }
        const body = text
          .slice(start, i - 1)
          .replace(/\s+/g, " ")
          .trim();
        rules.push({
          context,
          selectors: [prelude === "@font-face" ? `${prelude} ${body}` : prelude],
        });
      } else {
        rules.push({ context, selectors: splitSelectors(prelude) });
        i = text.indexOf("}", i) + 1;
      }
    }
  };
  walk("", text.length);
  return rules;
}

/** Problems: a selector+context in two files, or the same rule twice in one file. */
function duplicateProblems(files: Record<string, string>): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const [file, css] of Object.entries(files)) {
    const seenRules = new Set<string>();
    for (const rule of parseRules(css)) {
      const ruleKey = `${rule.context} ${rule.selectors.join(", ")}`.trim();
      if (seenRules.has(ruleKey)) problems.push(`${file}: "${ruleKey}" is written twice`);
      seenRules.add(ruleKey);
      for (const selector of rule.selectors) {
        const key = `${rule.context} ${selector}`.trim();
        const other = owner.get(key);
        if (other && other !== file) problems.push(`"${key}" is defined in ${other} and ${file}`);
        else owner.set(key, file);
      }
    }
  }
  return problems;
}

function stylesheets(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(cssDir)
    .filter((f) => f.endsWith(".css"))
    .sort()) {
    files[name] = readFileSync(path.join(cssDir, name), "utf8");
  }
  return files;
}

describe("public/css", () => {
  it("has no file over 300 lines", () => {
    const long = Object.entries(stylesheets())
      .map(([name, css]) => ({ name, lines: css.trimEnd().split("\n").length }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("defines each selector in one file and each rule once", () => {
    expect(duplicateProblems(stylesheets())).toEqual([]);
  });

  it("is linked from the layout, every file exactly once", () => {
    const head = readFileSync(path.join(root, "views/partials/layout/head.ejs"), "utf8");
    const linked = [...head.matchAll(/href="\/static\/css\/([\w-]+\.css)"/g)].map((m) => m[1]);
    expect([...linked].sort()).toEqual(Object.keys(stylesheets()));
    expect(linked[0]).toBe("base.css");
  });

  it("catches what it is meant to catch", () => {
    const a = ".x { color: red; }\n@media (max-width: 640px) { .x, :is(.y, .z) { color: blue; } }";
    const b =
      ".y { color: red; }\n@media (max-width: 640px) { .y { color: blue; } }\n.y { margin: 0; }";
    const c = "@keyframes spin { to { transform: rotate(1turn); } }\n.ok { color: red; }";
    expect(duplicateProblems({ "a.css": a, "b.css": b, "c.css": c })).toEqual([
      'b.css: ".y" is written twice',
    ]);
    expect(
      duplicateProblems({ "a.css": a, "d.css": "@media (max-width: 640px) { .x { top: 0; } }" }),
    ).toEqual(['"@media (max-width: 640px) .x" is defined in a.css and d.css']);
    expect(
      duplicateProblems({ "c.css": c, "e.css": "@keyframes spin { from { top: 0; } }" }),
    ).toEqual(['"@keyframes spin" is defined in c.css and e.css']);
    expect(parseRules(a).map((r) => r.selectors)).toEqual([[".x"], [".x", ":is(.y, .z)"]]);
  });
});
