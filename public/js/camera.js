// Camera scanning at the till (@zxing/browser, loaded on first use). Each decoded code goes
// through the same path as a USB scanner: the till's scan queue (window.tillScan → POST
// /till/scan), or else the scan box + requestSubmit(). A code that stays in view is added
// once: it is ignored until it has been out of view for HOLD_MS.
(() => {
  const root = document.getElementById("till-camera");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const toggle = $("camera-toggle");
  const choose = $("camera-choose");
  const select = $("camera-select");
  const status = $("camera-status");
  const video = $("camera-video");
  const STORE_KEY = "srqb.camera";
  const HOLD_MS = 1500;
  const ZXING_URL = "/vendor/zxing/zxing-browser.min.js";

  let controls = null;
  let starting = false;
  let last = { code: "", at: 0 };

  // The words come from the page (the catalogue, in the cashier's language): data-say-*.
  const words = (name, values = {}) =>
    (root.dataset[`say${name[0].toUpperCase()}${name.slice(1)}`] ?? "").replace(
      /\{(\w+)\}/g,
      (_, k) => values[k] ?? "",
    );

  function say(text, kind = "info") {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function loadZxing() {
    if (window.ZXingBrowser) return Promise.resolve(window.ZXingBrowser);
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = ZXING_URL;
      s.onload = () => resolve(window.ZXingBrowser);
      s.onerror = () => reject(new Error(words("reader")));
      document.head.append(s);
    });
  }

  function submitCode(code) {
    if (typeof window.tillScan === "function") {
      window.tillScan(code);
      return;
    }
    const box = document.getElementById("scan");
    if (!box?.form) return;
    box.value = code;
    box.form.requestSubmit();
  }

  function onDecoded(text) {
    const code = String(text).trim();
    if (!code) return;
    const now = performance.now();
    const held = code === last.code && now - last.at < HOLD_MS;
    last = { code, at: now };
    if (held) return;
    root.dataset.lastCode = code; // visible to tests
    submitCode(code);
  }

  function explain(err) {
    const name = err?.name ?? "";
    if (!window.isSecureContext) {
      return words("insecure");
    }
    if (name === "NotAllowedError" || name === "SecurityError") {
      return words("refused");
    }
    if (
      name === "NotFoundError" ||
      name === "OverconstrainedError" ||
      name === "DevicesNotFoundError"
    ) {
      return words("none");
    }
    if (name === "NotReadableError" || name === "TrackStartError") {
      return words("busy");
    }
    return words("failed", { why: err?.message || name || words("unknown") });
  }

  async function fillChooser(ZX, activeId) {
    let devices = [];
    try {
      devices = await ZX.BrowserCodeReader.listVideoInputDevices();
    } catch {
      return;
    }
    select.replaceChildren(
      ...devices.map((d, i) => {
        const o = document.createElement("option");
        o.value = d.deviceId;
        o.textContent = d.label || words("numbered", { n: String(i + 1) });
        o.selected = d.deviceId === activeId;
        return o;
      }),
    );
    choose.hidden = devices.length < 2;
  }

  async function start() {
    if (controls || starting) return;
    starting = true;
    toggle.disabled = true;
    root.dataset.state = "starting";
    say(words("starting"));
    try {
      if (!navigator.mediaDevices?.getUserMedia)
        throw Object.assign(new Error("no camera API"), { name: "NotFoundError" });
      const ZX = await loadZxing();
      const reader = new ZX.BrowserMultiFormatReader(undefined, {
        delayBetweenScanAttempts: 100,
        delayBetweenScanSuccess: 100,
      });
      const F = ZX.BarcodeFormat;
      reader.possibleFormats = [F.QR_CODE, F.EAN_13, F.EAN_8, F.UPC_A, F.UPC_E];
      const saved = localStorage.getItem(STORE_KEY) || undefined;
      video.hidden = false;
      try {
        controls = await reader.decodeFromVideoDevice(saved, video, (result) => {
          if (result) onDecoded(result.getText());
        });
      } catch (err) {
        // A remembered camera that was unplugged: fall back to the default one.
        if (!saved || (err?.name !== "OverconstrainedError" && err?.name !== "NotFoundError"))
          throw err;
        localStorage.removeItem(STORE_KEY);
        controls = await reader.decodeFromVideoDevice(undefined, video, (result) => {
          if (result) onDecoded(result.getText());
        });
      }
      const activeId = video.srcObject?.getVideoTracks?.()[0]?.getSettings?.().deviceId;
      await fillChooser(ZX, activeId);
      root.dataset.state = "on";
      toggle.setAttribute("aria-pressed", "true");
      toggle.textContent = words("stop");
      say(words("on"));
    } catch (err) {
      video.hidden = true;
      root.dataset.state = "error";
      say(explain(err), "error");
    } finally {
      starting = false;
      toggle.disabled = false;
      document.getElementById("scan")?.focus({ preventScroll: true });
    }
  }

  function stop(message = "") {
    controls?.stop();
    controls = null;
    video.hidden = true;
    root.dataset.state = "off";
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = words("button");
    say(message);
  }

  toggle.addEventListener("click", () => (controls ? stop() : start()));
  $("camera-close").addEventListener("click", () => stop());
  select.addEventListener("change", () => {
    localStorage.setItem(STORE_KEY, select.value);
    stop();
    start();
  });
  // Leaving the page (or the bill being completed by a full reload) releases the camera.
  window.addEventListener("pagehide", () => controls?.stop());
})();
