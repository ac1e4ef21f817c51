/** Types of launcher/start.mjs (plain JavaScript: it runs before any TypeScript loader). */
export function sourceFingerprint(): string;
export function ensureBundle(): Promise<string>;
