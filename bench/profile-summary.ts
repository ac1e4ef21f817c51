/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by
 * package/file, so a missed target's report can say where the time went.
 * Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, topArg = "20"] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  startTime: number;
  endTime: number;
};
const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
const byFn = new Map<string, number>();
const byArea = new Map<string, number>();

/**
 * The server runs from the esbuild bundle (dist/launch.js), where every
 * module starts after a `// <path>` comment line: a frame in the bundle is
 * put back in the module (package or app file) it came from.
 */
const bundles = new Map<string, Array<[number, string]>>();
function bundleModule(url: string, line: number): string | null {
  if (!url.endsWith("/dist/launch.js")) return null;
  let starts = bundles.get(url);
  if (!starts) {
    starts = [];
    try {
      const lines = readFileSync(fileURLToPath(url), "utf8").split("\n");
      for (const [i, text] of lines.entries()) {
        const m = /^\/\/ ((?:node_modules|src|launcher|views)\/\S+)$/.exec(text);
        if (m?.[1]) starts.push([i, m[1]]);
      }
    } catch {
      // The bundle was rebuilt or removed since: keep the bundle's own name.
    }
    bundles.set(url, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  let found: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = starts[mid] as [number, string];
    if (start[0] <= line) {
      found = start[1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function area(url: string, line = 0): string {
  if (!url) return "(native/gc/idle)";
  const inBundle = bundleModule(url, line);
  if (inBundle) url = inBundle;
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1] as string;
  if (url.startsWith("node:")) return url;
  const own = url.match(/\/(src|bench|launcher|views)\/(.*)$/);
  return own ? `${own[1]}/${own[2]}` : url;
}

for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  if (!hits) continue;
  const f = n.callFrame;
  const module = bundleModule(f.url, f.lineNumber) ?? area(f.url);
  const key = `${f.functionName || "(anonymous)"} ${module}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + hits);
  const a = area(f.url, f.lineNumber);
  byArea.set(a, (byArea.get(a) ?? 0) + hits);
}
const top = Number(topArg);
const pct = (h: number) => `${((100 * h) / total).toFixed(1).padStart(5)} %`;
console.log(`samples: ${total}, ${(profile.endTime - profile.startTime) / 1e6} s`);
console.log("\nself time by package / file:");
for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(v)}  ${k}`);
console.log("\nself time by function:");
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(v)}  ${k}`);
