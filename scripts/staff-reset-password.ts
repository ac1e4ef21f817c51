/**
 * npm run staff:reset-password -- <username>
 *
 * The way back in when nobody can log in (forgotten password, a guesser on the
 * network): run on the shop PC itself, with the same DATABASE_URL / DATA_DIR
 * as the app. Sets a new generated password and prints it once, ends the
 * member's sessions and clears every failed-login count for that username.
 * Needs no password: whoever can run this can read the database file anyway.
 */
import { randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { initI18n } from "../src/i18n/i18n.ts";
import { isDomainError } from "../src/lib/errors.ts";
import { resetPasswordFromConsole } from "../src/services/shop/auth.ts";

// No 0/O, 1/l/I: the password is read off a screen and typed.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXYZ2345679";

function generatePassword(length = 14): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

async function main(): Promise<number> {
  // Its messages come from the catalogue, in English (the console's language).
  initI18n(fileURLToPath(new URL("../locales", import.meta.url)));
  const username = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!username) {
    console.error("Usage: npm run staff:reset-password -- <username>");
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const password = generatePassword();
    const staff = await resetPasswordFromConsole(database.db, username, password);
    console.log(`New password for ${staff.username}: ${password}`);
    console.log("Their sessions were ended and failed-login waits cleared. Log in and change it.");
    return 0;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    console.error(err.message);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  },
);
