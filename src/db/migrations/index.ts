import type { Migration } from "kysely";
import * as initial from "./2026-11-25-0900-initial.ts";
import * as billOpenSlot from "./2026-11-25-0930-bill-open-slot.ts";
import * as productLabels from "./2026-11-25-0930-product-labels.ts";
import * as customerNameKeys from "./2026-11-25-1000-customer-name-keys.ts";
import * as analyticsRollups from "./2026-11-25-1015-analytics-rollups.ts";
import * as billPrints from "./2026-11-25-1030-bill-prints.ts";
import * as scaleBarcodeLayout from "./2026-11-25-1040-scale-barcode-layout.ts";
import * as productImportRows from "./2026-11-25-1050-product-import-rows.ts";
import * as analyticsErasedIdx from "./2026-11-25-1055-analytics-erased-idx.ts";
import * as billLineProductIdx from "./2026-11-25-1100-bill-line-product-idx.ts";
import * as loginThrottle from "./2026-11-25-1110-login-throttle.ts";
import * as importStockSeen from "./2026-11-25-1115-import-stock-seen.ts";
import * as discountLimits from "./2026-11-25-1120-discount-limits.ts";
import * as printers from "./2026-12-03-0900-printers.ts";
import * as customerAccounts from "./2026-12-03-1000-customer-accounts.ts";
import * as returns from "./2026-12-04-0900-returns.ts";
import * as accountTenders from "./2026-12-04-1000-account-tenders.ts";
import * as languages from "./2026-12-04-1200-languages.ts";
import * as billRevision from "./2026-12-05-0900-bill-revision.ts";
import * as dropProductsActiveStockIdx from "./2026-12-05-0910-drop-products-active-stock-idx.ts";
import * as billsAccountTendersIdx from "./2026-12-05-0920-bills-account-tenders-idx.ts";
import * as productTotalsTopIdx from "./2026-12-05-0930-product-totals-top-idx.ts";

/** Every migration, by name; names sort in the order they run. Add new ones here. */
export const migrations: Record<string, Migration> = {
  "2026-11-25-0900-initial": initial,
  "2026-11-25-0930-bill-open-slot": billOpenSlot,
  "2026-11-25-0930-product-labels": productLabels,
  "2026-11-25-1000-customer-name-keys": customerNameKeys,
  "2026-11-25-1015-analytics-rollups": analyticsRollups,
  "2026-11-25-1030-bill-prints": billPrints,
  "2026-11-25-1040-scale-barcode-layout": scaleBarcodeLayout,
  "2026-11-25-1050-product-import-rows": productImportRows,
  "2026-11-25-1055-analytics-erased-idx": analyticsErasedIdx,
  "2026-11-25-1100-bill-line-product-idx": billLineProductIdx,
  "2026-11-25-1110-login-throttle": loginThrottle,
  "2026-11-25-1115-import-stock-seen": importStockSeen,
  "2026-11-25-1120-discount-limits": discountLimits,
  "2026-12-03-0900-printers": printers,
  "2026-12-03-1000-customer-accounts": customerAccounts,
  "2026-12-04-0900-returns": returns,
  "2026-12-04-1000-account-tenders": accountTenders,
  "2026-12-04-1200-languages": languages,
  "2026-12-05-0900-bill-revision": billRevision,
  "2026-12-05-0910-drop-products-active-stock-idx": dropProductsActiveStockIdx,
  "2026-12-05-0920-bills-account-tenders-idx": billsAccountTendersIdx,
  "2026-12-05-0930-product-totals-top-idx": productTotalsTopIdx,
};
