import { readFileSync } from "node:fs";

/** The identifier /healthz answers with; the launcher checks it to find a running instance. */
export const APP_ID = "smart-retail-qr-billing";

export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
