import type { z } from "zod";
import { type FieldErrors, ValidationError } from "./errors.ts";

/**
 * Parses untrusted input with a zod schema; on failure throws a ValidationError
 * whose fields map each form field to its first message.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    fields[key] ??= issue.message;
  }
  const first = Object.values(fields)[0] ?? "Invalid input";
  throw new ValidationError(
    Object.keys(fields).length > 1 ? "Please correct the highlighted fields." : first,
    fields,
  );
}

/** Removes control characters (keeps tab/newline) that must never reach the database. */
export function cleanText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();
}
