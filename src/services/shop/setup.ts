import { z } from "zod";
import { isUniqueViolation } from "../../db/errors.ts";
import { getSettings, insertSettings } from "../../db/repositories/settings.repo.ts";
import { countUsers, insertUser } from "../../db/repositories/users.repo.ts";
import type { Db } from "../../db/types.ts";
import { ConflictError } from "../../lib/errors.ts";
import { type Language, msg, translate, zodMsg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { recordAudit } from "./audit.ts";
import {
  displayNameSchema,
  hashPassword,
  passwordSchema,
  type StaffMember,
  usernameSchema,
} from "./auth.ts";
import { gstinSchema, shopNameSchema, text } from "./settings.ts";

const setupSchema = z
  .object({
    shopName: shopNameSchema,
    address: text(400, zodMsg("settings:errors.addressLong", { max: 400 })),
    phone: text(40, zodMsg("settings:errors.phoneLong", { max: 40 })),
    gstin: gstinSchema,
    displayName: displayNameSchema,
    username: usernameSchema,
    password: passwordSchema,
    confirmPassword: z.string({ message: zodMsg("auth:password.confirm") }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: zodMsg("auth:password.mismatch"),
    path: ["confirmPassword"],
  });

/**
 * First-run setup: creates the shop and its owner in one transaction. Runs only
 * once; a second attempt is a ConflictError and writes nothing.
 */
export async function setupShop(
  db: Db,
  input: unknown,
  ip: string | null,
  language: Language = "en",
): Promise<StaffMember> {
  const data = parseInput(setupSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await createShopAndOwner(db, data, passwordHash, { ip, language });
  } catch (err) {
    // Two setups racing: the loser hits the primary key of shop_settings.
    if (isUniqueViolation(err)) throw new ConflictError(msg("setup:errors.alreadySetUp"));
    throw err;
  }
}

async function createShopAndOwner(
  db: Db,
  data: z.output<typeof setupSchema>,
  passwordHash: string,
  { ip, language }: { ip: string | null; language: Language },
): Promise<StaffMember> {
  return db.transaction().execute(async (trx) => {
    if ((await getSettings(trx)) || (await countUsers(trx)) > 0) {
      throw new ConflictError(msg("setup:errors.alreadySetUp"));
    }
    const now = nowUtc();
    await insertSettings(trx, {
      id: 1,
      name: data.shopName,
      address: data.address,
      phone: data.phone,
      gstin: data.gstin || null,
      upi_id: null,
      receipt_format: "80mm",
      prices_include_tax: 1,
      round_off: 1,
      time_zone: "Asia/Kolkata",
      bill_prefix: "",
      // A shop set up in Hindi prints its receipts in Hindi, with a Hindi footer (both can be changed in settings).
      footer: translate(msg("setup:defaultFooter"), language),
      receipt_language: language,
      gst_rates: "0,500,1800,4000",
      auto_print: 0,
      created_at: now,
      updated_at: now,
    });
    const id = await insertUser(trx, {
      username: data.username,
      display_name: data.displayName,
      password_hash: passwordHash,
      role: "owner",
      active: 1,
      language,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, { userId: id, username: data.username, ip }, "shop.setup");
    return {
      id,
      username: data.username,
      displayName: data.displayName,
      role: "owner",
      active: true,
      language,
    };
  });
}
