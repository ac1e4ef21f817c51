import type { z } from "zod";
import { type FieldErrors, ValidationError } from "./errors.ts";
import { fromZodMessage, msg } from "./i18n.ts";

/**
 * Parses untrusted input with a zod schema; on failure throws a ValidationError
 * whose fields map each form field to its first message (a zodMsg() message
 * becomes its Msg again).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    fields[key] ??= fromZodMessage(issue.message);
  }
  const first = Object.values(fields)[0] ?? msg("errors:form.invalid");
  throw new ValidationError(
    Object.keys(fields).length > 1 ? msg("errors:form.correctFields") : first,
    fields,
  );
}

/** Removes control characters (keeps tab/newline) that must never reach the database. */
export function cleanText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();
}
