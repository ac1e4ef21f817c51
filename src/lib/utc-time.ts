/** A stored time: UTC 'YYYY-MM-DD HH:MM:SS' on both dialects. */
export type UtcTime = string;

/** UTC 'YYYY-MM-DD HH:MM:SS', the one stored time format on both dialects. */
export function toUtcString(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function nowUtc(): string {
  return toUtcString(new Date());
}

/** Parses a stored UTC string back into a Date. */
export function fromUtcString(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}
