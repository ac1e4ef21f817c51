import type { BrowserContext, Page } from "playwright-core";
import { afterEach } from "vitest";

/**
 * What an e2e test saw, printed when it fails: each open page's URL and the
 * start of its text, the last answers the browser got (status and time), its
 * console errors, and the app process's last log lines. A failure on a loaded
 * CI machine ("no Username field within 30 s") then says what the page was.
 * Registered by tests/helpers/browser.ts; the hook is the e2e setup file.
 */

const RECENT = 20;

interface Watched {
  context: BrowserContext;
  events: string[];
}

const browsers = new Set<Watched>();
const servers = new Set<{ label: string; output: () => string }>();

function remember(events: string[], line: string): void {
  events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (events.length > RECENT) events.shift();
}

/**
 * An answer asked for after its page or browser closed (a test ends while a
 * request is still in flight): there is nothing left to note, and a rejection
 * left unhandled would fail the run.
 */
const noteClosed = () => {};

export function watchBrowser(context: BrowserContext): () => void {
  const watched: Watched = { context, events: [] };
  const onPage = (page: Page) => {
    page.on("console", (m) => {
      if (m.type() === "error") remember(watched.events, `console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => remember(watched.events, `page error: ${e.message}`));
  };
  context.pages().forEach(onPage);
  context.on("page", onPage);
  context.on("requestfinished", (request) => {
    const timing = request.timing();
    void request.response().then((response) => {
      const status = response?.status() ?? 0;
      // Stylesheets and scripts that loaded say nothing; pages, fragments and failures do.
      if (status < 400 && /\/(static|vendor)\//.test(request.url())) return;
      const ms = timing.responseEnd >= 0 ? ` ${Math.round(timing.responseEnd)} ms` : "";
      remember(watched.events, `${request.method()} ${request.url()} → ${status || "?"}${ms}`);
    }, noteClosed);
  });
  context.on("requestfailed", (request) =>
    remember(
      watched.events,
      `${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`,
    ),
  );
  browsers.add(watched);
  return () => browsers.delete(watched);
}

export function watchServer(label: string, output: () => string): () => void {
  const entry = { label, output };
  servers.add(entry);
  return () => servers.delete(entry);
}

async function describePages(watched: Watched): Promise<string[]> {
  const lines: string[] = [];
  for (const page of watched.context.pages()) {
    const text = await page
      .evaluate(() => document.body?.textContent ?? "")
      .catch((err: Error) => `(text not readable: ${err.message})`);
    lines.push(`page ${page.url()}`, `  text: ${text.replace(/\s+/g, " ").slice(0, 400)}`);
  }
  lines.push("recent:", ...watched.events.map((e) => `  ${e}`));
  return lines;
}

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  const lines = [`--- what "${context.task.name}" saw when it failed`];
  for (const watched of browsers) lines.push(...(await describePages(watched)));
  for (const server of servers) {
    const tail = server.output().trimEnd().split("\n").slice(-15);
    lines.push(`${server.label}, last log lines:`, ...tail.map((l) => `  ${l}`));
  }
  console.error(lines.join("\n"));
});
