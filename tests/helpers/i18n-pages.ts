import { expect } from "vitest";
import { MARK_CLOSE, MARK_OPEN } from "../../src/i18n/i18n.ts";
import type { Agent } from "./app.ts";
import { tillToken } from "./till.ts";

/**
 * What a page shows that is not from the catalogue: rendered with
 * SRQB_I18N_MARK=1 (Config.i18nMark), every catalogue text sits between
 * invisible marks. Scripts, styles and comments go, the marked runs go, the
 * test's own data goes; any letter left over is a word someone typed into a
 * view or a route instead of the catalogue.
 */
export function textOutsideCatalogue(html: string, data: readonly string[]): string[] {
  let page = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ");
  // Words in attributes a person reads or hears count too; values of inputs are data.
  const spoken = [
    ...page.matchAll(
      /\s(?:title|placeholder|aria-label|alt|data-confirm|data-busy(?:-demo)?|data-label-\w+)="([^"]*)"/g,
    ),
  ].map((m) => m[1] ?? "");
  page = `${page.replace(/<[^>]*>/g, " ")} ${spoken.join(" ")}`;
  page = page
    .replace(/&nbsp;/g, " ")
    .replace(/&larr;|&rarr;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&amp;/g, "&");
  // Innermost first: a catalogue word inside a catalogue sentence ("paid by {{mode}}") nests marks.
  const innermost = new RegExp(`${MARK_OPEN}[^${MARK_OPEN}${MARK_CLOSE}]*${MARK_CLOSE}`, "g");
  for (let before = ""; before !== page; ) {
    before = page;
    page = page.replace(innermost, " ");
  }
  // The shop's one date format (lib/datetime.ts) writes the time "07:47 PM" in every language.
  page = page.replace(/\b\d{2}:\d{2} [AP]M\b/g, " ");
  // Longest first, so a name is not half-removed by a shorter one inside it.
  for (const d of [...data].sort((a, b) => b.length - a.length)) page = page.split(d).join(" ");
  return page.split(/\s+/).filter((word) => /\p{L}/u.test(word));
}

/** Switches the agent's member to Hindi with the header's switch (as the browser posts it). */
export async function inHindi(agent: Agent): Promise<void> {
  const token = await tillToken(agent);
  const res = await agent
    .post("/language")
    .type("form")
    .send({ _csrf: token, language: "hi", next: "/till" });
  expect(res.status).toBe(303);
}
