import type {
  ColumnType,
  Generated,
  Insertable,
  Kysely,
  Selectable,
  Transaction,
  Updateable,
} from "kysely";
import type { BillStatus } from "../lib/bill-detail.ts";
import type { UtcTime } from "../lib/utc-time.ts";
import type { CustomerLedgerTable, LedgerKind } from "./account-types.ts";
import type { PrinterTable, PrintJobTable } from "./printing-types.ts";
import type { CreditNoteLineTable, CreditNotePrintTable, CreditNoteTable } from "./return-types.ts";

/**
 * Table types, once. Money columns are integer paise; times are UTC strings
 * 'YYYY-MM-DD HH:MM:SS' (see src/lib/utc-time.ts); flags are 0/1 integers because
 * better-sqlite3 cannot bind booleans.
 */
export type { CustomerLedgerTable, LedgerKind, PrinterTable, PrintJobTable, UtcTime };
export type Flag = 0 | 1;

export interface ShopSettingsTable {
  id: number; // always 1
  name: string;
  address: string;
  phone: string;
  gstin: string | null;
  upi_id: string | null;
  receipt_format: string; // '80mm' | '58mm' | 'a4'
  prices_include_tax: Flag;
  round_off: Flag;
  time_zone: string;
  bill_prefix: string;
  footer: string;
  gst_rates: string; // comma-separated basis points, e.g. "0,500,1800,4000"
  auto_print: Flag;
  /** Weighing-scale EAN-13 layout: 'weight' | 'price' | 'off' (services/till/scale-barcode.ts). */
  scale_barcode_layout: Generated<"weight" | "price" | "off">;
  /** A cashier's largest line / bill discount, basis points of its amount (owners: no limit). */
  max_line_discount: Generated<number>;
  max_bill_discount: Generated<number>;
  /** The launcher's app window prints PDFs to the default printer without a dialog. */
  silent_printing: Generated<Flag>;
  max_return_amount: Generated<number>; // a cashier's largest return, paise (above: owner approves)
  max_return_days: Generated<number>; // ... and oldest sale, days since it
  /** The reminder for what a customer owes, with {name}, {balance}, {shop}, {upi} (services/accounts/reminders.ts). */
  reminder_message: Generated<string>;
  receipt_language: Generated<"en" | "hi" | "both">; // printed receipts' words; both = two lines
  created_at: UtcTime;
  updated_at: UtcTime;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: "owner" | "cashier";
  active: Flag;
  language: Generated<"en" | "hi">; // the interface's language (lib/i18n.ts)
  created_at: UtcTime;
  updated_at: UtcTime;
}

export interface SessionTable {
  sid: string;
  sess: string;
  expires: number; // epoch milliseconds
  user_id: number | null;
}

export interface CustomerTable {
  id: Generated<number>;
  name: string;
  /** E.164, unique; null once erased. */
  phone: string | null;
  /** Digits of phone reversed, so "last N digits" is an indexed prefix search. */
  phone_rev: string | null;
  email: string | null;
  erased_at: UtcTime | null;
  created_at: UtcTime;
  updated_at: UtcTime;
  /** Largest balance the customer may owe, paise; 0 = no credit (services/accounts). */
  credit_limit: Generated<number>;
  /** Running account balance, paise: > 0 the customer owes, < 0 store credit. = sum of customer_ledger. */
  balance: Generated<number>;
}

/** One row per word of a customer's name: the lower-cased name from that word on (name search). */
export interface CustomerNameKeyTable {
  name_key: string;
  customer_id: number;
}

export interface ProductTable {
  id: Generated<number>;
  /** The QR/barcode payload, stored trimmed and upper-cased; unique. */
  code: string;
  name: string;
  category: string;
  price: number; // paise per unit ('pc': per piece, 'kg': per kg, 'l': per litre)
  gst_rate: number; // basis points: 1800 = 18 %
  hsn: string;
  unit: "pc" | "kg" | "l";
  stock: number; // base units: pieces, grams or millilitres
  low_stock_level: number;
  active: Flag;
  created_at: UtcTime;
  updated_at: UtcTime;
  /** When a QR label was last printed; null = never ("new" for label printing). */
  label_printed_at: ColumnType<UtcTime | null, UtcTime | null | undefined, UtcTime | null>;
}

/** A staged CSV import row (see services/catalogue/import.ts); never read by the app otherwise. */
export interface ProductImportRowTable {
  id: Generated<number>;
  job_id: string;
  kind: "new" | "update";
  row_no: number;
  code: string;
  name: string | null;
  category: string | null;
  price: number | null;
  gst_rate: number | null;
  hsn: string | null;
  unit: "pc" | "kg" | "l" | null;
  stock: number | null;
  low_stock_level: number | null;
  active: Flag | null;
  /** Set-stock imports only: the stock the preview showed (null: stock is not touched). */
  stock_seen?: number | null;
  created_at: UtcTime;
}

export interface StockMovementTable {
  id: Generated<number>;
  product_id: number;
  change: number;
  reason: "sale" | "receive" | "adjust" | "void" | "import" | "initial" | "return" | "write_off";
  reference: string | null;
  note: string | null;
  user_id: number | null;
  created_at: UtcTime;
}

export type { BillStatus };

export interface BillTable {
  id: Generated<number>;
  number: string | null;
  status: BillStatus;
  customer_id: number | null;
  cashier_id: number;
  subtotal: number;
  line_discount_total: number;
  discount_kind: "amount" | "percent";
  discount_value: number; // paise, or basis points when percent
  bill_discount: number;
  taxable_total: number;
  tax_total: number;
  round_off: number;
  total: number;
  payment_mode: string | null; // 'cash' | 'upi' | 'card' | 'account' | 'credit' | 'split'
  paid_cash: number;
  paid_upi: number;
  paid_card: number;
  paid_account: Generated<number>; // paise on the customer's account (udhaar): a credit_sale entry
  /** Paise of the customer's store credit spent on this bill: a credit_used ledger entry. */
  paid_store_credit: Generated<number>;
  tendered: number;
  change_due: number;
  created_at: UtcTime;
  updated_at: UtcTime;
  held_at: UtcTime | null;
  completed_at: UtcTime | null;
  voided_at: UtcTime | null;
  voided_by: number | null;
  void_reason: string | null;
  /** The cashier's id while the bill is open, else null (unique: one open bill each). */
  open_for: number | null;
  /** The owner who approved a discount over the cashier's limit on this bill, if any. */
  discount_approved_by: number | null;
  return_count: Generated<number>; // credit notes of this bill (then it cannot be voided)
  returned_total: Generated<number>; // Σ their totals
  paid_exchange: Generated<number>; // paid by an exchange's credit note
  revision: Generated<number>; // moved on by every claim of the row (bills.repo)
}

export interface BillLineTable {
  id: Generated<number>;
  bill_id: number;
  product_id: number;
  position: number;
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  unit_price: number;
  qty: number;
  discount_kind: "amount" | "percent";
  discount_value: number;
  discount: number;
  tax_rate: number;
  taxable_value: number;
  tax_amount: number;
  line_total: number;
  created_at: UtcTime;
  returned_qty: Generated<number>; // by credit notes; never above qty (conditional update)
}

/** One printed copy of a bill; the first row is the original, later rows are duplicates. */
export interface BillPrintTable {
  id: Generated<number>;
  bill_id: number;
  user_id: number | null;
  format: string; // '80mm' | '58mm' | 'a4'
  printed_at: UtcTime;
}

export interface CustomerStatsTable {
  customer_id: number;
  total_spent: number;
  bill_count: number;
  first_purchase_at: UtcTime | null;
  last_purchase_at: UtcTime | null;
}

export interface CounterTable {
  name: string;
  value: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  detail: string | null;
  ip: string | null;
  created_at: UtcTime;
}

export interface LoginThrottleTable {
  username: string;
  client: string;
  failures: number;
  last_failed_at: UtcTime;
  locked_until: UtcTime | null;
}

export interface Database {
  shop_settings: ShopSettingsTable;
  users: UserTable;
  sessions: SessionTable;
  customers: CustomerTable;
  customer_name_keys: CustomerNameKeyTable;
  products: ProductTable;
  product_import_rows: ProductImportRowTable;
  stock_movements: StockMovementTable;
  bills: BillTable;
  bill_lines: BillLineTable;
  bill_prints: BillPrintTable;
  printers: PrinterTable;
  print_jobs: PrintJobTable;
  customer_stats: CustomerStatsTable;
  customer_ledger: CustomerLedgerTable;
  credit_notes: CreditNoteTable;
  credit_note_lines: CreditNoteLineTable;
  credit_note_prints: CreditNotePrintTable;
  counters: CounterTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
}

export type Db = Kysely<Database>;
/** A database handle or a transaction: every repository/service function takes one. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type ShopSettings = Selectable<ShopSettingsTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Customer = Selectable<CustomerTable>;
export type Product = Selectable<ProductTable>;
export type NewProduct = Insertable<ProductTable>;
export type ProductUpdate = Updateable<ProductTable>;
export type Bill = Selectable<BillTable>;
export type BillLine = Selectable<BillLineTable>;
export type StockMovement = Selectable<StockMovementTable>;
export type CustomerStats = Selectable<CustomerStatsTable>;
export type CreditNote = Selectable<CreditNoteTable>;
export type CreditNoteLine = Selectable<CreditNoteLineTable>;
export type LedgerEntry = Selectable<CustomerLedgerTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Printer = Selectable<PrinterTable>;
export type PrintJob = Selectable<PrintJobTable>;
export type { ColumnType };
