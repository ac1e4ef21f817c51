/**
 * Child process of the checkpointer test: opens a SQLite file, writes enough
 * to start the checkpoint worker, closes the database and says so. With
 * nothing else keeping the event loop alive (as at the end of a CLI job or a
 * server's shutdown), the close must still finish.
 * Usage: node --import tsx close-after-writes.ts <file.sqlite> <writes>
 */
import { sql } from "kysely";
import { openDatabase } from "../../src/db/database.ts";

const [file = "", writesArg = "300"] = process.argv.slice(2);
const database = openDatabase({ dialect: "sqlite", file });
await sql`create table t (id integer primary key, note text not null)`.execute(database.db);
for (let i = 0; i < Number(writesArg); i++)
  await sql`insert into t (note) values (${`sale ${i}`})`.execute(database.db);
await database.close();
console.log("closed");
