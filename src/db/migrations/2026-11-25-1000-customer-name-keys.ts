import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, imports no app code, query builder only.
//
// Name search must be indexed and must find "Ramesh Kumar" from "kum" as well
// as from "ram". A plain index on customers.name serves only a case-sensitive
// prefix, so each customer gets one row per word of the name: the lower-cased
// name from that word to the end ("ramesh kumar", "kumar"). A search is then a
// prefix match on this indexed column, and multi-word queries ("ramesh ku")
// still work.

function nameKeys(name: string): string[] {
  const words = name
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  const keys = new Set<string>();
  for (let i = 0; i < words.length && i < 8; i++) keys.add(words.slice(i).join(" ").slice(0, 120));
  return [...keys];
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_name_keys")
    .addColumn("name_key", "varchar(120)", (c) => c.notNull())
    .addColumn("customer_id", "integer", (c) => c.notNull().references("customers.id"))
    .addPrimaryKeyConstraint("customer_name_keys_pk", ["name_key", "customer_id"])
    .execute();
  await db.schema
    .createIndex("customer_name_keys_customer_idx")
    .on("customer_name_keys")
    .column("customer_id")
    .execute();

  // Backfill customers that exist already (demo data), in batches.
  let after = 0;
  for (;;) {
    const rows: Array<{ id: number; name: string }> = await db
      .selectFrom("customers")
      .select(["id", "name"])
      .where("erased_at", "is", null)
      .where("id", ">", after)
      .orderBy("id")
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    const values = rows.flatMap((r) =>
      nameKeys(r.name).map((k) => ({ name_key: k, customer_id: Number(r.id) })),
    );
    if (values.length) await db.insertInto("customer_name_keys").values(values).execute();
    after = Number(rows[rows.length - 1]?.id);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("customer_name_keys").execute();
}
