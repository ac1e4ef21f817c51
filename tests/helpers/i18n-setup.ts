import path from "node:path";
import { fileURLToPath } from "node:url";
import { initI18n } from "../../src/i18n/i18n.ts";

/**
 * vitest setupFiles (unit and integration projects): services raise catalogue messages, and an
 * error's `.message` is their English text once the catalogue is loaded, as
 * createApp and the scripts do at start.
 */
initI18n(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales"));
