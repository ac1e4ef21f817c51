import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProductByCode } from "../../src/db/repositories/products.repo.ts";
import { applyStockChange, sumMovements } from "../../src/db/repositories/stock.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { importRows } from "../../src/services/catalogue/import.ts";
import {
  type Agent,
  htmxPost,
  makeApp,
  postForm,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { decodeQrCodes, importCsv, pollJob, uploadCsv } from "../helpers/catalogue.ts";
import { tableDigest } from "../helpers/corpus.ts";
import { testDialects } from "../helpers/db.ts";
import { billIdFrom, tillPost, tillToken } from "../helpers/till.ts";

const base = {
  code: "",
  name: "Test product",
  category: "",
  price: "10.00",
  gst_rate: "0",
  hsn: "",
  unit: "pc",
  stock: "0",
  low_stock_level: "0",
};

for (const dialect of testDialects()) {
  describe(`${dialect}: catalogue and stock`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    const db = () => t.database.db;
    const product = async (code: string) => {
      const p = await findProductByCode(db(), code);
      if (!p) throw new Error(`no product ${code}`);
      return p;
    };
    const create = async (fields: Partial<typeof base>) =>
      postForm(owner, "/products", { ...base, ...fields }, "/products/new");

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("is for the owner only: a cashier gets 403, anonymous goes to login", async () => {
      expect((await cashier.get("/products")).status).toBe(403);
      expect((await cashier.get("/products/low-stock").set("HX-Request", "true")).status).toBe(403);
      expect((await request(t.app).get("/products")).status).toBe(302);
    });

    it("creates a product with the code normalised and opening stock as an initial movement", async () => {
      const res = await create({
        code: "  abc-101 ",
        name: "Lux Soap 100g",
        price: "1,250.50",
        gst_rate: "18",
        stock: "12",
        hsn: "3401",
      });
      expect(res.status).toBe(303);
      const p = await product("ABC-101");
      expect([p.name, p.price, p.gst_rate, p.stock, p.hsn]).toEqual([
        "Lux Soap 100g",
        125050,
        1800,
        12,
        "3401",
      ]);
      expect(await sumMovements(db(), p.id)).toBe(12);
      const page = await owner.get(res.headers.location ?? "");
      expect(page.text).toContain("Opening stock");
      expect(page.text).toContain("₹1,250.50");
    });

    it("refuses a code differing only by case or spaces, beside the field, writing nothing", async () => {
      const before = await tableDigest(db());
      const res = await create({ code: " Abc-101  ", name: "Copy" });
      expect(res.status).toBe(409);
      expect(res.text).toContain("Another product already has this code");
      expect(res.text).toContain('class="field-error"');
      expect(await tableDigest(db())).toBe(before);
    });

    it("verifies EAN-13, EAN-8 and UPC-A check digits", async () => {
      const bad = await create({ code: "8901234567891", name: "Bad EAN" });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("EAN-13 barcode has a wrong check digit");
      expect((await create({ code: "12345678", name: "Bad EAN-8" })).text).toContain(
        "EAN-8 barcode has a wrong check digit",
      );
      expect((await create({ code: "036000291453", name: "Bad UPC" })).text).toContain(
        "UPC-A barcode has a wrong check digit",
      );
      expect((await create({ code: "8901234567890", name: "Good EAN" })).status).toBe(303);
      expect((await create({ code: "12345670", name: "Good EAN-8" })).status).toBe(303);
      expect((await create({ code: "036000291452", name: "Good UPC" })).status).toBe(303);
    });

    it("refuses a code a spreadsheet would run as a formula, on the form and on import", async () => {
      for (const code of ["=1+1", "+919876", "-5", "@SUM(A1)"]) {
        const res = await create({ code, name: "Formula code" });
        expect(res.status, code).toBe(400);
        expect(res.text, code).toContain("cannot start with =, +, - or @");
      }
      const before = await tableDigest(db());
      const csv = [
        "code,name,price",
        "OK-FORMULA,Fine,1",
        '"=HYPERLINK(""http://evil"")",Link,1',
        "'+91987,Neutralised on export,1",
        "-5,Minus,1",
        "@A1,At,1",
      ].join("\n");
      const { preview, result } = await importCsv(owner, csv);
      expect(result).toBeNull();
      for (const row of ["3", "4", "5", "6"])
        expect(preview).toMatch(
          new RegExp(
            `<td class="num">${row}</td><td>code</td><td>[^<]*cannot start with =, \\+, - or @`,
          ),
        );
      expect(await tableDigest(db())).toBe(before);
    });

    it("validates every field with a message beside it", async () => {
      const res = await create({
        code: "has space",
        name: "",
        price: "-5",
        gst_rate: "12",
        hsn: "12",
        unit: "box",
        stock: "1.5",
        low_stock_level: "x",
      });
      expect(res.status).toBe(400);
      for (const msg of [
        "without spaces",
        "Name is required",
        "Price cannot be negative",
        "GST rate must be one of 0, 5, 18, 40",
        "HSN code has 4, 6 or 8 digits",
        "Unit must be pc, kg or l",
        "Low-stock level must be",
      ])
        expect(res.text).toContain(msg);
      const piece = await create({ code: "PC-FRAC", name: "Fractional", stock: "1.5" });
      expect(piece.text).toContain("Stock must be a whole number of pieces");
      const price = await create({ code: "PR-1", name: "Three decimals", price: "1.005" });
      expect(price.text).toContain("Price must be an amount in rupees");
    });

    it("generates internal codes for loose goods that never look like an EAN", async () => {
      await create({ code: "", name: "Toor dal loose", unit: "kg", price: "149.50", stock: "2.5" });
      await create({ code: "", name: "Sugar loose", unit: "kg", price: "45", stock: "10" });
      const rows = await db()
        .selectFrom("products")
        .select(["code", "stock"])
        .where("code", "like", "IN%")
        .orderBy("code")
        .execute();
      expect(rows.map((r) => r.code)).toEqual(["IN000001", "IN000002"]);
      expect(Number(rows[0]?.stock)).toBe(2500); // grams
    });

    it("edits a product: price change audited, unit change refused while stock is not 0", async () => {
      const p = await product("ABC-101");
      const edit = `/products/${p.id}/edit`;
      const fields = {
        ...base,
        code: "abc-101",
        name: "Lux Soap 100 g",
        price: "1300",
        gst_rate: "18",
        hsn: "3401",
        low_stock_level: "5",
      };
      const unit = await postForm(owner, `/products/${p.id}`, { ...fields, unit: "kg" }, edit);
      expect(unit.status).toBe(400);
      expect(unit.text).toContain("Bring stock to 0 before changing the unit");
      const ok = await postForm(owner, `/products/${p.id}`, fields, edit);
      expect(ok.status).toBe(303);
      const after = await product("ABC-101");
      expect([after.name, after.price, after.stock, after.low_stock_level]).toEqual([
        "Lux Soap 100 g",
        130000,
        12,
        5,
      ]);
      const audit = await db()
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "product.price_change")
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.detail ?? "{}")).toMatchObject({ from: 125050, to: 130000 });
    });

    it("a price change never alters a past bill (lines copy name and price at sale time)", async () => {
      const p = await product("8901234567890");
      await applyStockChange(db(), {
        productId: p.id,
        change: 5,
        reason: "receive",
        createdAt: nowUtc(),
      });
      const token = await tillToken(owner);
      expect((await tillPost(owner, token, "/till/scan", { code: p.code })).status).toBe(200);
      const billId = billIdFrom((await owner.get("/till")).text);
      expect(
        (await tillPost(owner, token, "/till/complete", { billId, mode: "card" })).status,
      ).toBe(200);
      const billBefore = await db()
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(billBefore.status).toBe("completed");
      const edit = `/products/${p.id}/edit`;
      await postForm(
        owner,
        `/products/${p.id}`,
        { ...base, code: p.code, name: "Renamed", price: "99.99" },
        edit,
      );
      expect((await product(p.code)).price).toBe(9999);
      const line = await db()
        .selectFrom("bill_lines")
        .selectAll()
        .where("bill_id", "=", billId)
        .executeTakeFirstOrThrow();
      expect([line.name, line.unit_price]).toEqual(["Good EAN", 1000]);
      const billAfter = await db()
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(billAfter.total).toBe(billBefore.total);
      // The sale was a movement too: stock = 5 received − 1 sold.
      expect(await sumMovements(db(), p.id)).toBe(4);
      expect((await product(p.code)).stock).toBe(4);
    });

    it("receives and adjusts stock with messages; never below 0; audited", async () => {
      const p = await product("ABC-101");
      const page = `/products/${p.id}`;
      expect(
        (
          await postForm(
            owner,
            `${page}/receive`,
            { qty: "8", supplier: "Metro", cost_note: "inv 42" },
            page,
          )
        ).status,
      ).toBe(303);
      const zero = await postForm(owner, `${page}/receive`, { qty: "0" }, page);
      expect(zero.status).toBe(400);
      expect(zero.text).toContain("not 0");
      const neg = await postForm(owner, `${page}/receive`, { qty: "-3" }, page);
      expect(neg.status).toBe(400);
      const tooMuch = await postForm(
        owner,
        `${page}/adjust`,
        { change: "-100", reason: "damage" },
        page,
      );
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.text).toContain("More than the stock on hand");
      const noReason = await postForm(
        owner,
        `${page}/adjust`,
        { change: "-1", reason: "whatever" },
        page,
      );
      expect(noReason.status).toBe(400);
      expect(
        (
          await postForm(
            owner,
            `${page}/adjust`,
            { change: "-2", reason: "damage", note: "torn" },
            page,
          )
        ).status,
      ).toBe(303);
      const after = await product("ABC-101");
      expect(after.stock).toBe(18);
      expect(await sumMovements(db(), p.id)).toBe(18);
      const history = await owner.get(page);
      expect(history.text).toContain("Metro");
      expect(history.text).toContain("Damaged / expired");
      const actions = await db()
        .selectFrom("audit_log")
        .select("action")
        .where("action", "like", "stock.%")
        .execute();
      expect(actions.map((a) => a.action).sort()).toEqual(["stock.adjust", "stock.receive"]);
    });

    it("keeps stock equal to the sum of movements after a mixed sequence", async () => {
      await create({ code: "MIX-1", name: "Mixed", stock: "10" });
      const p = await product("MIX-1");
      const page = `/products/${p.id}`;
      await postForm(owner, `${page}/receive`, { qty: "7" }, page);
      await applyStockChange(db(), {
        productId: p.id,
        change: -4,
        reason: "sale",
        createdAt: nowUtc(),
      });
      await postForm(owner, `${page}/adjust`, { change: "-1", reason: "count" }, page);
      await applyStockChange(db(), {
        productId: p.id,
        change: 2,
        reason: "void",
        createdAt: nowUtc(),
      });
      expect(
        await applyStockChange(db(), {
          productId: p.id,
          change: -999,
          reason: "sale",
          createdAt: nowUtc(),
        }),
      ).toBe(false);
      await importCsv(owner, "code,name,price,stock\nMIX-1,Mixed,10.00,30\n", true, {
        setStock: true,
      });
      await postForm(owner, `${page}/adjust`, { change: "3", reason: "count" }, page);
      const after = await product("MIX-1");
      expect(after.stock).toBe(33);
      expect(await sumMovements(db(), p.id)).toBe(33);
      const reasons = await db()
        .selectFrom("stock_movements")
        .select("reason")
        .where("product_id", "=", p.id)
        .orderBy("id")
        .execute();
      expect(reasons.map((r) => r.reason)).toEqual([
        "initial",
        "receive",
        "sale",
        "adjust",
        "void",
        "import",
        "adjust",
      ]);
    });

    it("deactivates and reactivates, keeping history", async () => {
      const p = await product("MIX-1");
      const page = `/products/${p.id}`;
      await postForm(owner, `${page}/active`, { active: "0" }, page);
      expect((await product("MIX-1")).active).toBe(0);
      const list = await owner.get("/products?status=inactive");
      expect(list.text).toContain("MIX-1");
      expect((await owner.get("/products")).text).not.toContain("MIX-1");
      await postForm(owner, `${page}/active`, { active: "1" }, page);
      expect((await product("MIX-1")).active).toBe(1);
      expect(await sumMovements(db(), p.id)).toBe(33);
    });

    it("searches by name substring or code prefix, filters, pages, and answers htmx with the fragment", async () => {
      const names = await owner.get("/products?q=soap").set("HX-Request", "true");
      expect(names.text).toContain("Lux Soap 100 g");
      expect(names.text).not.toContain("<html");
      expect((await owner.get("/products?q=890123")).text).toContain("8901234567890");
      expect((await owner.get("/products?q=in0000")).text).toContain("Toor dal loose");
      const wild = await owner.get(`/products?q=${encodeURIComponent("%")}`);
      expect(wild.text).toContain("No products match");
      const gst = await owner.get("/products?gst=18");
      expect(gst.text).toContain("Lux Soap");
      expect(gst.text).not.toContain("Toor dal");
      const rows = Array.from(
        { length: 55 },
        (_, i) =>
          `PAGE-${String(i).padStart(2, "0")},Paged item ${String(i).padStart(2, "0")},1.00`,
      );
      await importCsv(owner, `code,name,price\n${rows.join("\n")}\n`);
      const first = await owner.get("/products?q=paged");
      expect(first.text).toContain("Paged item 49");
      expect(first.text).not.toContain("Paged item 50");
      expect(first.text).toContain("page=2");
      const second = await owner.get("/products?q=paged&page=2");
      expect(second.text).toContain("Paged item 54");
      expect(second.text).not.toContain("page=3");
      expect((await owner.get("/products?page=abc&status=zzz")).status).toBe(200);
    });

    it("lists low-stock products for the dashboard, with an empty state", async () => {
      const res = await owner.get("/products/low-stock").set("HX-Request", "true");
      expect(res.status).toBe(200);
      // Level 5, stock 18: not low. Products with level 0 and stock 0 are (out of stock).
      expect(res.text).not.toContain("Lux Soap");
      const lowOnly = await owner.get("/products?low=1");
      expect(lowOnly.text).toContain("Good EAN-8");
      const p = await product("ABC-101");
      await postForm(
        owner,
        `/products/${p.id}/adjust`,
        { change: "-14", reason: "count" },
        `/products/${p.id}`,
      );
      expect((await owner.get("/products/low-stock")).text).toContain("Lux Soap");
    });

    it("shows the empty low-stock text when nothing is low", async () => {
      const t2 = await makeApp(dialect);
      try {
        const { owner: o } = await shopWithStaff(t2);
        const res = await o.get("/products/low-stock").set("HX-Request", "true");
        expect(res.text).toContain("No product is at or below its low-stock level.");
      } finally {
        await t2.cleanup();
      }
    });

    it("prints a label PDF whose QR codes decode back to the product codes (A4 and 50×25)", async () => {
      const a = await product("ABC-101");
      const b = await product("IN000001");
      const token = await tokenFor(owner, `/products/labels?ids=${a.id},${b.id}`);
      const page = await owner.get(`/products/labels?ids=${a.id},${b.id}`);
      expect(page.text).toContain(`name="count_${a.id}"`);
      const a4 = await owner
        .post("/products/labels.pdf")
        .type("form")
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => cb(null, Buffer.concat(chunks)));
        })
        .send({ _csrf: token, format: "a4", [`count_${a.id}`]: "2", [`count_${b.id}`]: "1" });
      expect(a4.status).toBe(200);
      expect(a4.headers["content-type"]).toBe("application/pdf");
      expect(decodeQrCodes(a4.body as Buffer, { cols: 3, rows: 8 }).sort()).toEqual([
        "ABC-101",
        "ABC-101",
        "IN000001",
      ]);
      const roll = await owner
        .post("/products/labels.pdf")
        .type("form")
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => cb(null, Buffer.concat(chunks)));
        })
        .send({ _csrf: token, format: "roll", [`count_${b.id}`]: "2" });
      expect(decodeQrCodes(roll.body as Buffer, { cols: 1, rows: 1, dpi: 300 })).toEqual([
        "IN000001",
        "IN000001",
      ]);
      expect((await product("IN000001")).label_printed_at).not.toBeNull();
      const none = await owner
        .post("/products/labels.pdf")
        .type("form")
        .send({ _csrf: token, format: "a4" });
      expect(none.status).toBe(400);
      const bad = await owner
        .post("/products/labels.pdf")
        .type("form")
        .send({ _csrf: token, format: "a4", [`count_${a.id}`]: "-1" });
      expect(bad.status).toBe(400);
      const fresh = await owner.get("/products/labels?set=new");
      expect(fresh.text).not.toContain(`name="count_${b.id}"`);
      expect((await owner.get("/products/labels?set=low")).status).toBe(200);
    });

    it("previews a CSV with row-level errors and writes nothing", async () => {
      const before = await tableDigest(db());
      const csv = [
        "code,name,price,gst_percent,unit,stock",
        "NEW-1,Good row,10.00,5,pc,1",
        "8901234567891,Bad check digit,10,0,pc,1",
        "NEW-2,,-4,12,box,1",
        "new-1,Duplicate of row 2,10,0,pc,1",
        "NEW-3,Short row",
      ].join("\r\n");
      const { preview, result } = await importCsv(owner, csv);
      expect(result).toBeNull();
      expect(preview).toContain("problems found. Nothing was imported");
      for (const [row, column, reason] of [
        ["3", "code", "wrong check digit"],
        ["4", "name", "Name is required"],
        ["4", "price", "Price cannot be negative"],
        ["4", "gst_percent", "GST rate must be one of"],
        ["4", "unit", "Unit must be pc, kg or l"],
        ["5", "code", "Code NEW-1 is also on row 2"],
        ["6", "—", "Expected 6 columns, found 2"],
      ]) {
        expect(preview).toMatch(
          new RegExp(`<td class="num">${row}</td><td>${column}</td><td>[^<]*${reason}`),
        );
      }
      expect(await tableDigest(db())).toBe(before);
    });

    it("lists every broken row of a CSV with a plain reason and writes nothing", async () => {
      const before = await tableDigest(db());
      const csv = [
        "code,name,price",
        "BQ-1,Good,10",
        'BQ-2,Lux "Gold" soap,10',
        "BQ-3,Negative,-4",
        'BQ"4,Quote in the code,5',
        'BQ-5,"Two\nlines, quoted",6',
        'BQ-6,"never closed,7',
        "BQ-7,Swallowed,8",
      ].join("\n");
      const { preview, result } = await importCsv(owner, csv);
      expect(result).toBeNull();
      expect(preview).toContain("4 problems found. Nothing was imported");
      expect(preview).not.toContain("Invalid Opening Quote");
      expect(preview).not.toContain("not valid CSV");
      const quote = "A quote inside an unquoted cell — put the cell in double quotes";
      for (const [row, column, reason] of [
        ["3", "name", quote],
        ["4", "price", "Price cannot be negative"],
        ["5", "code", quote],
        ["7", "name", "A quote opens this cell and is never closed"],
      ]) {
        expect(preview).toMatch(
          new RegExp(`<td class="num">${row}</td><td>${column}</td><td>[^<]*${reason}`),
        );
      }
      expect(await tableDigest(db())).toBe(before);
    });

    it("imports Excel and Sheets shapes: BOM, quoted fields, 1,250.00, CRLF; updates existing codes", async () => {
      const csv =
        "\uFEFFCode,Name,Category,Price,GST %,HSN,Unit,Stock,Low stock level,Active\r\n" +
        '8901030865275,"Tata Salt, 1 kg",Staples,"1,250.00",5,2501,pc,40,10,yes\r\n' +
        '"abc-101","Lux Soap ""Gold"" 100 g",Soaps,1300.00,18,3401,pc,4,5,yes\r\n' +
        ",Rice loose,Grains,60,5,1006,kg,12.5,2,Yes\r\n";
      const { preview, result } = await importCsv(owner, csv);
      expect(preview).toContain("<strong>2</strong> new products");
      expect(preview).toContain("<strong>1</strong> products updated");
      expect(result).toContain("Imported: 2 new, 1 updated");
      const salt = await product("8901030865275");
      expect([salt.name, salt.price, salt.gst_rate, salt.stock, salt.low_stock_level]).toEqual([
        "Tata Salt, 1 kg",
        125000,
        500,
        40,
        10,
      ]);
      expect(await sumMovements(db(), salt.id)).toBe(40);
      const soap = await product("ABC-101");
      expect([soap.name, soap.category, soap.stock]).toEqual(['Lux Soap "Gold" 100 g', "Soaps", 4]);
      expect(await sumMovements(db(), soap.id)).toBe(4);
      const rice = await db()
        .selectFrom("products")
        .selectAll()
        .where("name", "=", "Rice loose")
        .executeTakeFirstOrThrow();
      expect(rice.code).toMatch(/^IN\d{6}$/);
      expect(rice.stock).toBe(12500);
      const audit = await db()
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "catalogue.import")
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it("shows each product's unit on the preview and flags loose goods or big stock with no unit", async () => {
      const csv = [
        "code,name,price,stock",
        "UN-1,Toor dal loose,125.00,50",
        "UN-2,Sugar,62.50,120000",
        "UN-3,Bath soap,30,12",
      ].join("\n");
      const { preview } = await importCsv(owner, csv, false);
      expect(preview).toContain("/products/import/");
      expect(preview).toContain(
        "No <code>unit</code> column: every product is sold per piece (pc)",
      );
      expect(preview).toMatch(
        /<td>UN-2<\/td><td>Sugar<\/td><td class="num">₹62\.50 \/pc<\/td><td class="num">120000 pcs<\/td>/,
      );
      expect(preview).toMatch(
        /<td class="num">2<\/td><td>UN-1<\/td><td>[^<]*“loose” in its name but no unit/,
      );
      expect(preview).toMatch(
        /<td class="num">3<\/td><td>UN-2<\/td><td>[^<]*120000 pcs and no unit/,
      );
      expect(preview).not.toMatch(/<td class="num">4<\/td><td>UN-3<\/td>/);
      expect(preview).toContain("Import 3 products");
      // An empty unit cell is flagged the same way; a unit given is not.
      const cells = await importCsv(
        owner,
        "code,name,price,unit,stock\nUN-4,Rice loose,60,,5\nUN-5,Wheat loose,40,kg,5\n",
        false,
      );
      expect(cells.preview).toMatch(/<td class="num">2<\/td><td>UN-4<\/td>/);
      expect(cells.preview).not.toMatch(/<td class="num">3<\/td><td>UN-5<\/td>/);
      expect(cells.preview).toMatch(
        /<td>UN-5<\/td><td>Wheat loose<\/td><td class="num">₹40\.00 \/kg<\/td>/,
      );
      const page = await owner.get("/products/import");
      expect(page.text).toContain("empty or missing: pc");
    });

    it("reports malformed CSV and non-UTF-8 files as a whole-file error", async () => {
      const quote = await importCsv(owner, 'code,name,price\nQ-1,"unclosed,10\nQ-2,x,1\n');
      expect(quote.preview).toMatch(
        /<td class="num">2<\/td><td>name<\/td><td>A quote opens this cell and is never closed/,
      );
      const header = await importCsv(owner, "foo,bar\n1,2\n");
      expect(header.preview).toContain("missing: code, name, price");
      const latin1 = await uploadCsv(
        owner,
        Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe9, 0x0a]),
      );
      expect((await pollJob(owner, latin1.text)).html).toContain("not UTF-8");
      const empty = await uploadCsv(owner, Buffer.alloc(0));
      expect(empty.status).toBe(400);
      expect(empty.text).toContain("Choose a CSV file");
      expect(
        await db()
          .selectFrom("products")
          .select("id")
          .where("code", "in", ["Q-1", "Q-2"])
          .execute(),
      ).toEqual([]);
    });

    it("rejects a 50 MB upload with 413 and a clear message", async () => {
      const big = Buffer.alloc(50 * 1024 * 1024, "a");
      const res = await uploadCsv(owner, big, "huge.csv").catch((err: Error) => ({
        status: 0,
        text: String(err),
      }));
      expect(res.status).toBe(413);
      expect(res.text).toContain("larger than 20 MB");
      // Just over the limit: the length check lets it through and multer's own limit stops it.
      const edge = await uploadCsv(owner, Buffer.alloc(20 * 1024 * 1024 + 1024, "a"), "edge.csv");
      expect(edge.status).toBe(413);
      expect(edge.text).toContain("larger than 20 MB");
      expect((await owner.get("/products")).status).toBe(200);
    });

    it("neutralises formula cells on export and round-trips them unchanged", async () => {
      const csv =
        'code,name,category,price\nF-1,"=HYPERLINK(""http://evil"")",+cmd,1\nF-2,@SUM(A1),-minus,1\nF-3,\'\'=already quoted,x,1\n';
      await importCsv(owner, csv);
      expect((await product("F-1")).name).toBe('=HYPERLINK("http://evil")');
      // A neutralised cell is read back without its apostrophe; a doubled one keeps one.
      expect((await product("F-2")).name).toBe("@SUM(A1)");
      expect((await product("F-3")).name).toBe("'=already quoted");
      const exported = await owner.get("/products/export.csv");
      expect(exported.headers["content-type"]).toContain("text/csv");
      expect(exported.text.startsWith("\uFEFFcode,name,category,price,gst_percent")).toBe(true);
      expect(exported.text).toContain(`F-1,"'=HYPERLINK(""http://evil"")",'+cmd,`);
      expect(exported.text).toContain("F-2,'@SUM(A1),'-minus,");
      expect(exported.text).toContain("F-3,''=already quoted,x,");
      for (const line of exported.text.split("\r\n").slice(1)) {
        for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);
      }
    });

    it("re-importing an older export never undoes sales: stock only with “Set stock”, shown per product", async () => {
      await create({ code: "OLD-1", name: "Old export item", price: "20.00", stock: "40" });
      const p = await product("OLD-1");
      const exported = (await owner.get("/products/export.csv")).text;
      const sell = (qty: number) =>
        applyStockChange(db(), {
          productId: p.id,
          change: -qty,
          reason: "sale",
          createdAt: nowUtc(),
        });
      await sell(5);
      const line = exported.split("\r\n").find((l) => l.startsWith("OLD-1,")) as string;
      const edited = `${exported.split("\r\n")[0]}\r\n${line.replace(",20.00,", ",22.00,")}\r\n`;
      expect(edited).toContain(",22.00,");
      // Default: the price changes, the stock the sale left stays, no import movement.
      const { preview, result } = await importCsv(owner, edited);
      expect(preview).toMatch(/OLD-1[\s\S]*35[\s\S]*40[\s\S]*\+5/);
      expect(preview).toContain('name="setStock"');
      expect(preview).not.toMatch(/name="setStock"[^>]*checked/);
      expect(result).toContain("Imported: 0 new, 1 updated");
      let after = await product("OLD-1");
      expect([after.price, after.stock]).toEqual([2200, 35]);
      expect(await sumMovements(db(), p.id)).toBe(35);
      const reasons = async () =>
        (
          await db()
            .selectFrom("stock_movements")
            .select("reason")
            .where("product_id", "=", p.id)
            .execute()
        ).map((r) => r.reason);
      expect(await reasons()).not.toContain("import");
      // Explicit "Set stock": the preview said 35 → 40 (+5), and that is what happens.
      await importCsv(owner, edited, true, { setStock: true });
      after = await product("OLD-1");
      expect(after.stock).toBe(40);
      expect(await sumMovements(db(), p.id)).toBe(40);
      expect((await reasons()).filter((r) => r === "import")).toHaveLength(1);
      // A sale between the preview (39 → 40) and the commit: nothing is overwritten, nothing imported.
      await sell(1);
      const priced = edited.replace(",22.00,", ",23.00,");
      const moved = await importCsv(owner, priced, true, {
        setStock: true,
        beforeCommit: async () => {
          await sell(2);
        },
      });
      expect(moved.result).toContain("changed since the preview");
      after = await product("OLD-1");
      expect([after.price, after.stock]).toEqual([2200, 37]);
      expect(await sumMovements(db(), p.id)).toBe(37);
    });

    it("export → import changes nothing", async () => {
      const snapshot = async () =>
        JSON.stringify(await db().selectFrom("products").selectAll().orderBy("id").execute());
      const movements = async () =>
        (await db().selectFrom("stock_movements").select("id").execute()).length;
      const before = await snapshot();
      const moves = await movements();
      const exported = await owner.get("/products/export.csv");
      const count = (await db().selectFrom("products").select("id").execute()).length;
      const { preview, result } = await importCsv(owner, exported.text);
      expect(preview).toContain(`<strong>${count}</strong> unchanged`);
      expect(preview).toContain("nothing to import");
      expect(result).toBeNull();
      expect(await snapshot()).toBe(before);
      expect(await movements()).toBe(moves);
    });

    it("imports all-or-nothing: a failure in a late chunk rolls back the earlier ones", async () => {
      const count = async () => (await db().selectFrom("products").select("id").execute()).length;
      const before = await count();
      const rows = Array.from({ length: 1200 }, (_, i) => ({
        row: i + 2,
        code: `ROLL-${i}`,
        name: `Rollback ${i}`,
        category: "",
        price: 100,
        gst_rate: 0,
        hsn: "",
        unit: "pc" as const,
        stock: 1,
        low_stock_level: 0,
        active: 1 as const,
      }));
      // A value the database refuses (NOT NULL) in a late row, after an update of an existing product.
      const soap = await product("ABC-101");
      rows.unshift({
        ...rows[0],
        row: 1,
        code: "ABC-101",
        name: "Renamed by a failed import",
        stock: 999,
      } as (typeof rows)[0]);
      (rows[1100] as unknown as { name: null }).name = null;
      const movementsBefore = (await db().selectFrom("stock_movements").select("id").execute())
        .length;
      await expect(importRows(db(), { userId: null, username: "test" }, rows)).rejects.toThrow();
      expect(await count()).toBe(before);
      expect(
        await db().selectFrom("products").select("id").where("code", "=", "ROLL-0").execute(),
      ).toEqual([]);
      const after = await product("ABC-101");
      expect([after.name, after.stock]).toEqual([soap.name, soap.stock]);
      expect((await db().selectFrom("stock_movements").select("id").execute()).length).toBe(
        movementsBefore,
      );
      expect(await db().selectFrom("product_import_rows").select("id").execute()).toEqual([]);
    });

    it("refuses commits of someone else's or an unknown job", async () => {
      const res = await htmxPost(
        owner,
        "/products/import/00000000-0000-0000-0000-000000000000/commit",
        {},
        "/products/import",
      );
      expect(res.status).toBe(404);
      const job = await cashier
        .get("/products/import/00000000-0000-0000-0000-000000000000")
        .set("HX-Request", "true");
      expect(job.status).toBe(403);
    });
  });
}
