import { insertProduct } from "../../src/db/repositories/products.repo.ts";
import { applyStockChange } from "../../src/db/repositories/stock.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import type { Agent } from "./app.ts";

export interface SeedProduct {
  code: string;
  name: string;
  price: number;
  gst_rate?: number;
  unit?: "pc" | "kg" | "l";
  stock: number;
  active?: 0 | 1;
  hsn?: string;
}

/** Inserts a product with its stock recorded as an "initial" movement (stock = Σ movements). */
export async function seedProduct(db: Db, p: SeedProduct): Promise<number> {
  const now = nowUtc();
  const id = await insertProduct(db, {
    code: p.code,
    name: p.name,
    category: "",
    price: p.price,
    gst_rate: p.gst_rate ?? 1800,
    hsn: p.hsn ?? "1234",
    unit: p.unit ?? "pc",
    stock: 0,
    low_stock_level: 0,
    active: p.active ?? 1,
    created_at: now,
    updated_at: now,
  });
  if (p.stock > 0)
    await applyStockChange(db, {
      productId: id,
      change: p.stock,
      reason: "initial",
      createdAt: now,
    });
  return id;
}

/** The till's CSRF token for an agent (from the till page). */
export async function tillToken(agent: Agent): Promise<string> {
  const res = await agent.get("/till");
  const m = res.text.match(/name="csrf-token" content="([^"]+)"/);
  if (!m?.[1]) throw new Error(`no CSRF token on /till: ${res.status} ${res.text.slice(0, 300)}`);
  return m[1];
}

/** An htmx POST to the till with a known token. */
export function tillPost(
  agent: Agent,
  token: string,
  url: string,
  body: Record<string, unknown> = {},
) {
  return agent
    .post(url)
    .set("HX-Request", "true")
    .set("X-CSRF-Token", token)
    .type("form")
    .send(body);
}

/** The open bill id rendered in the pay form. */
export function billIdFrom(html: string): number {
  const m = html.match(/name="billId" value="(\d+)"/);
  if (!m?.[1]) throw new Error("no open bill in the response");
  return Number(m[1]);
}
