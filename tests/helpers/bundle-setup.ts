import { ensureBundle } from "../../launcher/start.mjs";

/**
 * vitest globalSetup: builds dist/launch.js (what `npm start` runs) once, before
 * any test starts an app process, so processes started in parallel only load it.
 */
export default async function setup(): Promise<void> {
  await ensureBundle();
}
