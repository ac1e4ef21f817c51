import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ensureLanCertificate, lanAddresses } from "../../src/lan-certificate.ts";
import { startServer } from "../../src/server.ts";
import { makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { freePort, getJson } from "../helpers/launcher.ts";

describe("LAN setting (config)", () => {
  it("is off by default: plain http on 127.0.0.1", () => {
    const config = loadConfig({ DATA_DIR: "/tmp/srqb-lan-config" });
    expect(config).toMatchObject({ lan: false, host: "127.0.0.1" });
  });
  it("LAN=1 listens on all interfaces; an explicit HOST still wins", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/srqb-lan-config", LAN: "1" })).toMatchObject({
      lan: true,
      host: "0.0.0.0",
    });
    expect(
      loadConfig({ DATA_DIR: "/tmp/srqb-lan-config", LAN: "yes", HOST: "192.168.1.20" }),
    ).toMatchObject({ lan: true, host: "192.168.1.20" });
  });
  it("refuses a value it does not understand with one readable line", () => {
    expect(() => loadConfig({ DATA_DIR: "/tmp/srqb-lan-config", LAN: "maybe" })).toThrow(
      "Invalid setting LAN: LAN must be 1 (on) or 0 (off)",
    );
  });
});

for (const dialect of testDialects()) {
  describe(`${dialect}: LAN setting serves HTTPS with a certificate kept in DATA_DIR`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it("answers /healthz over https, and reuses the same certificate on the next start", async () => {
      const { target, dataDir, drop } = await createTestTarget(dialect);
      cleanups.push(drop);
      const env = {
        DATA_DIR: dataDir,
        DATABASE_URL: target.dialect === "sqlite" ? `sqlite:${target.file}` : target.url,
        LOG_LEVEL: "silent",
        LAN: "1",
        PORT: String(await freePort()),
      };
      const first = await startServer(env);
      const certs = path.join(dataDir, "certs");
      let firstCert: string;
      try {
        // This computer's own window keeps plain http on loopback (a secure context already).
        expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const port = new URL(first.url).port;
        expect(await getJson(`https://127.0.0.1:${port}/healthz`)).toMatchObject({
          app: "smart-retail-qr-billing",
          database: "ok",
        });
        expect((await getJson(`http://127.0.0.1:${port}/healthz`)).app).toBe(
          "smart-retail-qr-billing",
        );
        // Another device typing plain http is sent to https (the camera needs it).
        const lanIp = lanAddresses()[0];
        if (lanIp) {
          const res = await fetch(`http://${lanIp}:${port}/till?x=1`, { redirect: "manual" });
          expect(res.status).toBe(308);
          expect(res.headers.get("location")).toBe(`https://${lanIp}:${port}/till?x=1`);
          // …except the CA certificate, which a phone needs before it can trust https.
          const ca = await fetch(`http://${lanIp}:${port}/lan/ca.crt`, { redirect: "manual" });
          expect(ca.status).toBe(200);
          expect(await ca.text()).toBe(first.lan?.certificate.caCert);
          expect((await getJson(`https://${lanIp}:${port}/healthz`)).app).toBe(
            "smart-retail-qr-billing",
          );
        }
        expect(first.lan?.urls.every((u) => u.startsWith("https://"))).toBe(true);
        firstCert = readFileSync(path.join(certs, "lan-server.crt"), "utf8");
        const ca = new X509Certificate(readFileSync(path.join(certs, "lan-ca.crt")));
        const server = new X509Certificate(firstCert);
        expect(ca.ca).toBe(true);
        expect(server.checkIssued(ca)).toBe(true);
        expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
        expect(server.checkHost("localhost")).toBe("localhost");
        // The private keys are readable by the shop's user only.
        expect(statSync(path.join(certs, "lan-ca.key")).mode & 0o077).toBe(0);
        expect(first.lan?.certificate.caFile).toBe(path.join(certs, "lan-ca.crt"));
      } finally {
        await first.stop();
      }
      const caBefore = readFileSync(path.join(certs, "lan-ca.crt"), "utf8");
      const second = await startServer({ ...env, PORT: String(await freePort()) });
      try {
        const port = new URL(second.url).port;
        expect((await getJson(`https://127.0.0.1:${port}/healthz`)).app).toBe(
          "smart-retail-qr-billing",
        );
        expect(readFileSync(path.join(certs, "lan-server.crt"), "utf8")).toBe(firstCert);
        expect(readFileSync(path.join(certs, "lan-ca.crt"), "utf8")).toBe(caBefore);
      } finally {
        await second.stop();
      }
    });

    it("GET /lan/ca.crt hands the CA certificate to a phone, only under the LAN setting", async () => {
      const lanApp: TestApp = await makeApp(dialect, { lan: true });
      cleanups.push(lanApp.cleanup);
      const cert = await ensureLanCertificate(lanApp.dataDir);
      await setupShopVia(lanApp.app);
      const res = await request(lanApp.app).get("/lan/ca.crt").buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toContain("application/x-x509-ca-cert");
      expect(String(res.body instanceof Buffer ? res.body.toString() : res.text)).toBe(cert.caCert);

      const plain = await makeApp(dialect);
      cleanups.push(plain.cleanup);
      await setupShopVia(plain.app);
      expect((await request(plain.app).get("/lan/ca.crt")).status).toBe(404);
    });
  });
}
