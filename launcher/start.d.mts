/** Types of launcher/start.mjs (plain JavaScript: it runs before any TypeScript loader). */
/** Fingerprint of the sources under `base` (default: the app's folder). */
export function sourceFingerprint(base?: string): string;
export function ensureBundle(): Promise<string>;
