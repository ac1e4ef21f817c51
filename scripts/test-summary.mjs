// Prints one line per suite and the closing "N passed, N failed" line from vitest's JSON reports,
// then every failed test by file and name with the first line of its failure, so that a CI log
// cut to its tail still says what failed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const root = process.cwd();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const suite = path.basename(file, ".json");
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  const p = report.numPassedTests ?? 0;
  const f = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  // Every test passed but vitest still failed the run: errors outside any test
  // (an unhandled rejection, a file that did not load), printed in its log above.
  const unhandled = report.success === false && f === 0;
  if (unhandled) {
    failed += 1;
    failures.push(`${suite}: errors outside the tests (vitest's "Unhandled Errors" above)`);
  }
  console.log(
    `${suite.padEnd(20)} ${p} passed, ${f} failed, ${s} skipped${unhandled ? ", errors outside the tests" : ""}`,
  );
  for (const result of report.testResults ?? []) {
    const where = path.relative(root, result.name ?? "");
    const failedTests = (result.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) {
      failures.push(
        `${suite}: ${where} > ${t.fullName ?? t.title}\n    ${firstLine(t.failureMessages)}`,
      );
    }
    if (failedTests.length === 0 && result.status === "failed") {
      failures.push(`${suite}: ${where} (the file failed)\n    ${firstLine([result.message])}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failures.length > 0) {
  console.log("\nfailed:");
  for (const line of failures) console.log(`  ${line}`);
}
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function firstLine(messages) {
  const text = (messages ?? []).find((m) => m) ?? "";
  return text.split("\n", 1)[0].slice(0, 300);
}
