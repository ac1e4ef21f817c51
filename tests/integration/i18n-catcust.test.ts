import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByUsername } from "../../src/db/repositories/users.repo.ts";
import {
  type Agent,
  makeApp,
  OWNER,
  postForm,
  setupShopVia,
  type TestApp,
} from "../helpers/app.ts";
import { addCustomer, addSampleProducts, makeBill } from "../helpers/bills.ts";
import { importCsv, pollJob, uploadCsv } from "../helpers/catalogue.ts";
import { testDialects } from "../helpers/db.ts";

// Products and customers in Hindi: the key actions answer in Hindi, and the
// catalogue CSV's header row follows the member's language both ways.
const EN_HEADER = "code,name,category,price,gst_percent,hsn,unit,stock,low_stock_level,active";
const HI_HEADER = "कोड,नाम,श्रेणी,दाम,GST प्रतिशत,HSN,इकाई,स्टॉक,कम स्टॉक सीमा,चालू";

async function exportedHeader(agent: Agent, url: string): Promise<string> {
  const res = await agent.get(url).buffer(true);
  expect(res.status).toBe(200);
  return res.text.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
}

for (const dialect of testDialects()) {
  describe(`${dialect}: products and customers in Hindi`, () => {
    let t: TestApp;
    let owner: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      owner = await setupShopVia(t.app);
      await postForm(
        owner,
        "/products",
        {
          code: "8901030865275",
          name: "Tata Salt 1 kg",
          price: "28.00",
          gst_rate: "0",
          stock: "5",
        },
        "/products/new",
      );
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("exports the catalogue with the header row in the member's language", async () => {
      expect(await exportedHeader(owner, "/products/export.csv")).toBe(EN_HEADER);
      expect(await exportedHeader(owner, "/products/import/sample.csv")).toBe(EN_HEADER);
      const switched = await postForm(
        owner,
        "/language",
        { language: "hi", next: "/products" },
        "/products",
      );
      expect(switched.status).toBe(303);
      expect(await exportedHeader(owner, "/products/export.csv")).toBe(HI_HEADER);
      expect(await exportedHeader(owner, "/products/import/sample.csv")).toBe(HI_HEADER);
    });

    it("imports a file with Hindi column names, and an old English one, answering in Hindi", async () => {
      const hindi = `${HI_HEADER}\r\n8901030865275,Tata Salt 1 kg,,30.00,0,,pc,5,1,हाँ\r\n,चीनी (शक्कर) 1 kg,किराना,45.00,0,,pc,10,2,yes\r\n`;
      const first = await importCsv(owner, hindi);
      expect(first.preview).toContain("नए सामान");
      expect(first.result).toContain("इम्पोर्ट हुआ: 1 नए, 1 बदले, 0 बिना बदलाव।");
      const sugar = await t.database.db
        .selectFrom("products")
        .select(["name", "category", "price", "stock"])
        .where("name", "=", "चीनी (शक्कर) 1 kg")
        .executeTakeFirstOrThrow();
      expect(sugar).toMatchObject({ category: "किराना", stock: 10 });
      expect(Number(sugar.price)).toBe(4500);
      const english = `code,name,price,stock\r\n8901030865275,Tata Salt 1 kg,32.00,5\r\n`;
      const second = await importCsv(owner, english);
      expect(second.result).toContain("इम्पोर्ट हुआ: 0 नए, 1 बदले");
      const salt = await t.database.db
        .selectFrom("products")
        .select("price")
        .where("code", "=", "8901030865275")
        .executeTakeFirstOrThrow();
      expect(Number(salt.price)).toBe(3200);
    });

    it("names a bad row's column and problem in Hindi", async () => {
      const up = await uploadCsv(owner, `${HI_HEADER}\r\nX-1,दाल,,,0,,pc,1,0,yes\r\n`);
      const { html } = await pollJob(owner, up.text);
      expect(html).toContain("1 गड़बड़ी मिली");
      expect(html).toContain("<td>दाम</td><td>दाम ज़रूरी है</td>");
      const broken = await uploadCsv(owner, "nothing,useful\r\n1,2\r\n");
      expect((await pollJob(owner, broken.text)).html).toContain(
        "पहली पंक्ति में कॉलम के नाम होने चाहिए",
      );
    });

    it("shows product form and stock errors in Hindi", async () => {
      const bad = await postForm(owner, "/products", { name: "", price: "-1" }, "/products/new");
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("नाम ज़रूरी है");
      expect(bad.text).toContain("दाम माइनस में नहीं हो सकता");
      const row = await t.database.db
        .selectFrom("products")
        .select("id")
        .where("code", "=", "8901030865275")
        .executeTakeFirstOrThrow();
      const page = `/products/${row.id}`;
      const tooMuch = await postForm(
        owner,
        `${page}/adjust`,
        { change: "-50", reason: "damage" },
        page,
      );
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.text).toContain("स्टॉक में सिर्फ़ 5 पीस हैं");
      expect((await owner.get(page)).text).toContain("5 पीस");
    });

    it("registers customers with Hindi errors and exports with Hindi headers", async () => {
      const short = await postForm(
        owner,
        "/customers",
        { name: "सुनीता देवी", phone: "98765" },
        "/customers/new",
      );
      expect(short.status).toBe(400);
      expect(short.text).toContain("नंबर छोटा है: 10 अंकों का मोबाइल नंबर लिखें");
      const ok = await postForm(
        owner,
        "/customers",
        { name: "सुनीता देवी", phone: "98765 43210" },
        "/customers/new",
      );
      expect(ok.status).toBe(303);
      expect((await owner.get(ok.headers.location ?? "")).text).toContain("ग्राहक जुड़ गया।");
      const again = await postForm(
        owner,
        "/customers",
        { name: "सुनीता", phone: "+91 98765 43210" },
        "/customers/new",
      );
      expect(again.status).toBe(409);
      expect(again.text).toContain("पहले से सुनीता देवी के नाम से जुड़ा है।");
      expect(await exportedHeader(owner, "/customers/export.csv")).toBe(
        "ID,नाम,फ़ोन,ईमेल,कुल खरीदारी (INR),बिल,पिछली बार आए,जुड़े",
      );
      const id = /\/customers\/(\d+)/.exec(ok.headers.location ?? "")?.[1];
      expect(await exportedHeader(owner, `/customers/${id}/export.csv`)).toBe("जानकारी,मान");
      const erase = await postForm(
        owner,
        `/customers/${id}/erase`,
        { confirm: "no" },
        `/customers/${id}/erase`,
      );
      expect(erase.status).toBe(400);
      expect(erase.text).toContain("पक्का करने के लिए ERASE लिखें।");
    });

    it("writes a customer's bill status, payment mode and unit in the member's language", async () => {
      const db = t.database.db;
      await addSampleProducts(db);
      const user = await findUserByUsername(db, OWNER.username);
      if (!user) throw new Error("no owner");
      const cashier = { id: user.id, username: user.username };
      const customerId = await addCustomer(db, "गीता रानी", "+919812300001");
      const cash = await makeBill(db, {
        cashier,
        customerId,
        lines: [{ code: "8901058000017" }, { code: "LOOSE-RICE", qty: "0.750" }],
      });
      const upi = await makeBill(db, {
        cashier,
        customerId,
        lines: [{ code: "8901058000017" }],
        payment: { mode: "upi", upiConfirmed: "1" },
      });
      await db.updateTable("bills").set({ status: "voided" }).where("id", "=", upi.id).execute();
      const rows = async () => {
        const res = await owner.get(`/customers/${customerId}/export.csv`).buffer(true);
        expect(res.status).toBe(200);
        return parse(res.text.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
      };
      const billRow = (all: string[][], number: string) => all.find((r) => r[0] === number);
      const units = (all: string[][]) =>
        all.filter((r) => r[0] === cash.number && r.length === 7).map((r) => r[4]);

      // English: the stored codes, exactly as the export has always written them.
      await postForm(owner, "/language", { language: "en", next: "/customers" }, "/customers");
      const en = await rows();
      expect(billRow(en, cash.number)?.slice(2, 4)).toEqual(["completed", "cash"]);
      expect(billRow(en, upi.number)?.slice(2, 4)).toEqual(["voided", "upi"]);
      expect(units(en).sort()).toEqual(["g", "pc"]);

      await postForm(owner, "/language", { language: "hi", next: "/customers" }, "/customers");
      const hi = await rows();
      expect(hi.find((r) => r[0] === "बिल नंबर")).toEqual([
        "बिल नंबर",
        "तारीख",
        "स्थिति",
        "भुगतान",
        "कुल (INR)",
      ]);
      expect(billRow(hi, cash.number)?.slice(2, 4)).toEqual(["पूरा", "नकद"]);
      expect(billRow(hi, upi.number)?.slice(2, 4)).toEqual(["रद्द", "UPI"]);
      expect(units(hi).sort()).toEqual(["ग्राम", "नग"]);
      const text = hi.flat().join(" ");
      for (const code of ["completed", "voided", "cash", "upi"]) expect(text).not.toContain(code);
    });

    it("keeps English for a member who reads English", async () => {
      await postForm(owner, "/language", { language: "en", next: "/products" }, "/products");
      const bad = await postForm(owner, "/products", { name: "" }, "/products/new");
      expect(bad.text).toContain("Name is required");
      expect(await exportedHeader(owner, "/products/export.csv")).toBe(EN_HEADER);
    });
  });
}
