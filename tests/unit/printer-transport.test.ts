import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PrinterError, sendToPrinter } from "../../src/services/printing/transport.ts";

/**
 * An OS printer (a CUPS queue) gets the bytes through `lp -d <queue> -o raw`:
 * a stand-in `lp` on PATH records its arguments and input, or fails like CUPS
 * does for an unknown queue.
 */
describe.skipIf(process.platform === "win32")("printing to an OS queue (lp)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-lp-"));
  const oldPath = process.env.PATH;
  writeFileSync(
    path.join(dir, "lp"),
    `#!/bin/sh
if [ "$2" = "missing" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi
echo "$@" > "${dir}/args"
cat > "${dir}/data"
`,
  );
  chmodSync(path.join(dir, "lp"), 0o755);
  process.env.PATH = `${dir}${path.delimiter}${oldPath}`;
  afterAll(() => {
    process.env.PATH = oldPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the bytes raw to the named queue", async () => {
    const bytes = Uint8Array.of(0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x01);
    await sendToPrinter({ kind: "os", queue: "receipt" }, bytes);
    expect(readFileSync(path.join(dir, "args"), "utf8").trim()).toBe("-d receipt -o raw");
    expect([...readFileSync(path.join(dir, "data"))]).toEqual([...bytes]);
  });

  it("an unknown queue fails with CUPS's own words", async () => {
    const err = await sendToPrinter({ kind: "os", queue: "missing" }, Uint8Array.of(0x0a)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PrinterError);
    expect(String((err as Error).message)).toContain("The printer or class does not exist");
  });
});
