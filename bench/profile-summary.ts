/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by
 * package/file, so a missed target's report can say where the time went.
 * Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";

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

function area(url: string): string {
  if (!url) return "(native/gc/idle)";
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
  const key = `${f.functionName || "(anonymous)"} ${area(f.url)}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + hits);
  const a = area(f.url);
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
