/**
 * `node --import ./tests/helpers/block-bundle.mjs launcher/start.mjs`: makes
 * loading dist/launch.js fail, as a broken or missing bundle would, so a test
 * can see the starter fall back to the sources.
 */
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  if (/[\\\\/]dist[\\\\/]launch\\.js$/.test(specifier)) throw new Error("bundle blocked by the test");
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
