import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let axeSource: string | undefined;

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA plus best practices) on the page as it is now
 * and returns the serious and critical violations, one entry per rule with
 * the selectors of the offending nodes.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // The app's CSP forbids inline script (addScriptTag), so axe goes in through
  // DevTools evaluation, which CSP does not govern.
  if (!(await page.evaluate(() => "axe" in window))) {
    axeSource ??= readFileSync(axePath, "utf8");
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time, untyped here.
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
    return result.violations as Array<{
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: unknown[] }>;
    }>;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.slice(0, 8).map((n) => n.target.map(String).join(" ")),
    }));
}

/** One readable line per finding, for a failing assertion's message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.id}: ${f.help} — ${f.targets.join(", ")}`).join("\n");
}
