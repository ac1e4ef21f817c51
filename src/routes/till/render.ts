import type { NextFunction, Request, Response } from "express";
import type { AppContext } from "../../context.ts";
import { localText } from "../../i18n/text.ts";
import { type DomainError, isDomainError } from "../../lib/errors.ts";
import type { Text } from "../../lib/i18n.ts";
import { currentStaff, isHtmx } from "../../middleware/auth.ts";
import type { Shop } from "../../services/shop/settings.ts";
import { buildTillView, type KnownBill, linesShown } from "../../services/till/view.ts";

export type Body = Record<string, unknown>;

/** The shop the app read for this request (res.locals.shop), when set up. */
export const shopOf = (res: Response): Shop | undefined => res.locals.shop ?? undefined;
export type Sound = "ok" | "error" | null;

export interface Extra {
  message?: Text | null;
  kind?: "success" | "error" | "info";
  sound?: Sound;
  status?: number;
  payment?: {
    values?: Body;
    errors?: Record<string, string>;
    done?: unknown;
    /** The receipt (or drawer) job queued on completion, and whether a printer is set up. */
    printJob?: unknown;
    printer?: boolean;
  };
  focus?: string;
  /** Regions to send back (default: all); a scan leaves customer and held bills alone. */
  regions?: Region[];
  /** The open bill and lines the action's transaction just read: shown without reading again. */
  known?: KnownBill | null;
  /** An in-place prompt in the messages region (an owner's approval of a discount). */
  /** `what`: till:approval.what.<what> above the prompt. */
  approval?: { url: string; fields: Record<string, string>; what?: "credit" };
  /** The weight prompt for a loose product scanned by its own code. */
  weight?: { code: string; name: string; unit: "pc" | "kg" | "l"; price: number };
  /** The one line a scan changed, for the "row" region. */
  line?: { id: number; added: boolean };
}

/** "row": only the line in `Extra.line` (and, when it was added, the row it displaced as the last). */
export type Region = "lines" | "row" | "customer" | "totals" | "payment" | "held";
/** What a change to the bill's lines touches. */
export const BILL_REGIONS: Region[] = ["lines", "totals", "payment"];
/** A scan onto the bill exactly as the till shows it: its row, totals and payment. */
export const ROW_REGIONS: Region[] = ["row", "totals", "payment"];

/** The regions a scan answers with: its row alone when the till showed the bill as it was. */
export function scanRegions(
  shown: unknown,
  billId: number,
  before: Parameters<typeof linesShown>[1],
): Region[] {
  return before.length > 0 && shown === linesShown(billId, before) ? ROW_REGIONS : BILL_REGIONS;
}

/**
 * How the till answers: every action re-renders the till's regions as
 * <hx-partial>s (lines, totals, customer, payment, held, messages) with an
 * HX-Trigger telling till.js which sound to play and where focus goes;
 * without htmx the same POSTs redirect back to /till.
 */
export function tillRenderer(db: AppContext["db"]) {
  async function renderTill(req: Request, res: Response, extra: Extra = {}) {
    const staff = currentStaff(req);
    let regions = isHtmx(req) ? (extra.regions ?? null) : null;
    const view = await buildTillView(db, staff.id, {
      held: !regions || regions.includes("held"),
      customer: !regions || regions.includes("customer"),
      shop: shopOf(res),
      known: extra.known,
    });
    // The changed row, and the one before it when the scan added the new last line.
    const at = extra.line ? view.lines.findIndex((l) => l.line.id === extra.line?.id) : -1;
    const changed =
      extra.line && at >= 0 && (!extra.line.added || (at > 0 && at === view.lines.length - 1))
        ? { at, added: extra.line.added }
        : null;
    if (regions?.includes("row") && !changed)
      regions = regions.map((r) => (r === "row" ? "lines" : r));
    const locals = {
      regions,
      title: localText(res, { key: "till:title" }),
      bodyClass: "till-page",
      view,
      message: extra.message ? localText(res, extra.message) : null,
      kind: extra.kind ?? "info",
      payment: extra.payment ?? {},
      approval: extra.approval ?? null,
      weightPrompt: extra.weight ?? null,
      changed,
    };
    if (!isHtmx(req)) {
      if (req.method !== "GET") return res.redirect(303, "/till");
      return res.status(extra.status ?? 200).render("pages/till", locals);
    }
    const trigger: Record<string, unknown> = {};
    if (extra.sound) trigger.tillSound = extra.sound;
    trigger.tillFocus = extra.focus ?? "scan";
    res.set("HX-Trigger", JSON.stringify(trigger));
    res.status(extra.status ?? 200).render("partials/till/update", locals);
  }

  /** Runs an action; a domain error re-renders the till with the message and the error sound. */
  function action(fn: (req: Request, res: Response) => Promise<Extra | undefined>) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const extra = await fn(req, res);
        if (!res.headersSent) await renderTill(req, res, extra ?? {});
      } catch (err) {
        if (!isDomainError(err)) return next(err);
        await renderTill(req, res, errorExtra(err));
      }
    };
  }

  function errorExtra(err: DomainError, more: Extra = {}): Extra {
    return {
      message: err.text,
      kind: "error",
      sound: "error",
      status: err.status,
      regions: BILL_REGIONS,
      ...more,
    };
  }

  return { renderTill, action, errorExtra };
}
