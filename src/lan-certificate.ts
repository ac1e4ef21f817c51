import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces } from "node:os";
import path from "node:path";

/**
 * The LAN setting serves HTTPS because browsers give the camera only to secure
 * origins. Like mkcert, we make a small local certificate authority once and
 * sign a server certificate with it: a phone trusts the CA once, and a new LAN
 * address later only needs a new server certificate from the same CA.
 * Everything lives in DATA_DIR/certs and is reused on every start.
 */
export interface LanCertificate {
  key: string;
  cert: string;
  /** The CA certificate (PEM) a phone installs once. */
  caCert: string;
  caFile: string;
  /** SHA-256 fingerprint of the CA, to compare on the phone. */
  caFingerprint: string;
  /** The names and addresses the server certificate covers. */
  names: string[];
}

const CA_DAYS = 3650;
// Apple rejects TLS server certificates valid for more than 825 days, even from a user CA.
const SERVER_DAYS = 800;

/** This machine's non-internal IPv4 addresses (what a phone on the LAN types). */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) out.push(a.address);
  }
  return out;
}

function wantedNames(): string[] {
  const host = hostname().toLowerCase();
  const names = ["localhost", "127.0.0.1", "::1", ...lanAddresses(), host];
  if (!host.includes(".")) names.push(`${host}.local`);
  return [...new Set(names)];
}

const isIp = (name: string) => /^[\d.]+$/.test(name) || name.includes(":");

function days(n: number): Date {
  return new Date(Date.now() + n * 86_400_000);
}

async function makeCa(): Promise<{ key: string; cert: string }> {
  const { generate } = await import("selfsigned"); // loaded only when LAN is on
  const pems = await generate(
    [
      { name: "commonName", value: "Smart Retail QR Billing local CA" },
      { name: "organizationName", value: "Smart Retail QR Billing" },
    ],
    {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: days(CA_DAYS),
      extensions: [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

async function makeServerCert(
  ca: { key: string; cert: string },
  names: string[],
): Promise<{ key: string; cert: string }> {
  const { generate } = await import("selfsigned");
  const pems = await generate([{ name: "commonName", value: names[0] ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: days(SERVER_DAYS),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: names.map((n) => (isIp(n) ? { type: 7, ip: n } : { type: 2, value: n })),
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function readIfPresent(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/** True when the saved server certificate is from this CA, still valid for 30 days, and covers every name. */
function serverCertFits(certPem: string, caPem: string, names: string[]): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.checkIssued(new X509Certificate(caPem))) return false;
    if (new Date(cert.validTo).getTime() < Date.now() + 30 * 86_400_000) return false;
    return names.every((n) =>
      isIp(n) ? cert.checkIP(n) !== undefined : cert.checkHost(n, { subject: "never" }) === n,
    );
  } catch {
    return false;
  }
}

/** Loads the LAN certificate from dataDir/certs, creating the CA and/or server certificate when missing or outdated. */
export async function ensureLanCertificate(dataDir: string): Promise<LanCertificate> {
  const dir = path.join(dataDir, "certs");
  mkdirSync(dir, { recursive: true });
  const files = {
    caKey: path.join(dir, "lan-ca.key"),
    caCert: path.join(dir, "lan-ca.crt"),
    key: path.join(dir, "lan-server.key"),
    cert: path.join(dir, "lan-server.crt"),
  };
  let caKey = readIfPresent(files.caKey);
  let caCert = readIfPresent(files.caCert);
  if (!caKey || !caCert) {
    const ca = await makeCa();
    caKey = ca.key;
    caCert = ca.cert;
    writeFileSync(files.caKey, caKey, { mode: 0o600 });
    writeFileSync(files.caCert, caCert);
  }
  const names = wantedNames();
  let key = readIfPresent(files.key);
  let cert = readIfPresent(files.cert);
  if (!key || !cert || !serverCertFits(cert, caCert, names)) {
    const server = await makeServerCert({ key: caKey, cert: caCert }, names);
    key = server.key;
    cert = server.cert;
    writeFileSync(files.key, key, { mode: 0o600 });
    writeFileSync(files.cert, cert);
  }
  return {
    key,
    // The chain lets a client that trusts the CA verify without fetching anything.
    cert: `${cert.trim()}\n${caCert.trim()}\n`,
    caCert,
    caFile: files.caCert,
    caFingerprint: new X509Certificate(caCert).fingerprint256,
    names,
  };
}
