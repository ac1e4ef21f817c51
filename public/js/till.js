// The till: scan queue, focus discipline, shortcuts, sounds. No inline script (CSP).
(() => {
  const $ = (sel) => document.querySelector(sel);
  const scan = () => $("#scan");
  const focusScan = () => {
    const el = scan();
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  };

  // ---- Sounds (Web Audio, no files): a short high beep for OK, a low double buzz for errors.
  let audio = null;
  function tone(freq, start, length, type) {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = type;
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.15, audio.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(audio.currentTime + start);
    osc.stop(audio.currentTime + start + length + 0.02);
  }
  function beep(kind) {
    try {
      if (kind === "error") {
        tone(220, 0, 0.18, "square");
        tone(180, 0.22, 0.22, "square");
      } else {
        tone(1320, 0, 0.08, "sine");
      }
    } catch {
      /* no audio device: silence is fine */
    }
    document.body.dataset.lastSound = kind; // visible to tests
  }
  document.addEventListener("tillSound", (e) => {
    const kind = e.detail?.value ?? e.detail;
    beep(kind);
    if (kind === "ok") {
      // An item was added from the name search: close the list.
      const results = $("#product-results");
      if (results) results.innerHTML = "";
    }
  });

  // ---- Focus: the server says where focus goes (HX-Trigger tillFocus, fired after the swap).
  // A response to an action the cashier started BEFORE pressing F2/F3/F4/F6 must not pull
  // focus back out of the field they moved to and are now typing in.
  let movedByShortcutAt = Number.NEGATIVE_INFINITY;
  let actionStartedAt = Number.NEGATIVE_INFINITY;
  document.addEventListener("htmx:before:request", (e) => {
    const method = e.detail?.ctx?.request?.method ?? "GET";
    if (method.toUpperCase() !== "GET") actionStartedAt = performance.now();
  });
  document.addEventListener("tillFocus", (e) => {
    const active = document.activeElement;
    const typingElsewhere =
      active?.isConnected && active !== scan() && active.matches?.("input, select, textarea");
    if (typingElsewhere && movedByShortcutAt > actionStartedAt) return;
    const where = e.detail?.value ?? "scan";
    const prompt = where === "scan" ? null : document.getElementById(where);
    if (where === "pay") ($("#tendered") ?? scan())?.focus();
    else if (prompt)
      prompt.focus(); // an in-place prompt (owner's approval, weight)
    else focusScan();
  });
  document.addEventListener("htmx:after:swap", applyModes);

  // Typing into a quantity or discount box replaces it (and a scan landing there is caught below).
  document.addEventListener("focusin", (e) => {
    if (e.target.matches?.(".till-qty input, .till-disc input")) e.target.select();
  });

  // ---- Scan queue: every code+Enter is taken at once (input cleared) and sent in order,
  // one request at a time, so two scans back to back both land, in order.
  const queue = [];
  let busy = false;
  function enqueue(code) {
    if (!code.trim()) return;
    queue.push(code);
    document.body.dataset.scanQueue = String(queue.length);
    if (!busy) drain();
  }
  async function drain() {
    busy = true;
    while (queue.length) {
      const code = queue.shift();
      try {
        await htmx.ajax("POST", "/till/scan", { source: "#scan-form", values: { code } });
      } catch {
        beep("error");
      }
    }
    busy = false;
    document.body.dataset.scanQueue = "0";
    if (!$(".till-prompt")) focusScan(); // a weight prompt keeps the focus it was given
  }
  window.tillScan = enqueue; // camera scanning (launcher helper) feeds decoded codes here

  // A scanner is fast: keys < 35 ms apart. Used to tell a scan typed into a qty box from a qty.
  let lastKey = 0;
  let fastRun = 0;
  document.addEventListener(
    "keydown",
    (e) => {
      const now = performance.now();
      fastRun = now - lastKey < 35 ? fastRun + 1 : 0;
      lastKey = now;
      const t = e.target;
      const inScan = t === scan();

      if (e.key === "Enter" && inScan) {
        e.preventDefault();
        e.stopImmediatePropagation();
        const code = t.value;
        t.value = "";
        enqueue(code);
        return;
      }
      if (e.key === "Enter" && t.matches?.(".till-qty input")) {
        const v = t.value.trim();
        const looksLikeQty = /^\d{1,6}(\.\d{1,3})?$/.test(v);
        if (fastRun >= 3 || !looksLikeQty) {
          // A barcode landed in the quantity box: it is a scan, never a quantity.
          e.preventDefault();
          e.stopImmediatePropagation();
          t.value = t.dataset.qty ?? "";
          enqueue(v);
          focusScan();
          return;
        }
      }
      if (e.key === "Enter" && t.id === "find") {
        e.preventDefault();
        $("#product-results .till-pick:not([disabled])")?.click();
        t.value = "";
        return;
      }
      if (e.key === "Enter" && t.id === "customer-q") {
        e.preventDefault();
        if (!t.value.trim()) return walkIn();
        const picks = document.querySelectorAll("#customer-results .till-pick");
        if (picks.length === 1) picks[0].click();
        else $("#new-customer-name")?.focus();
        return;
      }
      if (e.key === "Escape") {
        for (const p of document.querySelectorAll(".till-prompt")) p.remove();
        for (const id of ["#product-results", "#customer-results"]) {
          const box = $(id);
          if (box) box.innerHTML = "";
        }
        if ($(".till-done")) newBill();
        focusScan();
        return;
      }
      if (/^F([2-9])$/.test(e.key) && shortcut(e.key)) {
        e.preventDefault();
        return;
      }
      if (inScan && !t.value && (e.key === "+" || e.key === "-")) {
        e.preventDefault();
        const last = $("#till-lines tr.till-last");
        if (last)
          htmx.ajax("POST", `/till/lines/${last.dataset.line}/${e.key === "+" ? "inc" : "dec"}`, {
            source: "#scan-form",
          });
        return;
      }
      // A printable key with nothing editable focused (after a click): it belongs to the scan box.
      const editable = t.matches?.("input, select, textarea");
      if (!editable && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) focusScan();
    },
    true,
  );

  function shortcut(key) {
    if (["F2", "F3", "F4", "F6"].includes(key)) movedByShortcutAt = performance.now();
    switch (key) {
      case "F2":
        $(".till-custsearch")?.classList.remove("till-collapsed");
        $("#customer-q")?.focus();
        return true;
      case "F3":
        $("#find")?.focus();
        return true;
      case "F4":
        ($("#tendered") ?? $("#pay-form input[name=mode]"))?.focus();
        return true;
      case "F6":
        $("#bill-discount-input")?.focus();
        return true;
      case "F8":
        if ($("#pay-form")) htmx.ajax("POST", "/till/hold", { source: "#scan-form" });
        return true;
      case "F9":
        $("#pay-form")?.requestSubmit();
        return true;
      default:
        return false;
    }
  }

  function walkIn() {
    // The bill on screen: if F9 just completed it, the server refuses rather than start a new one.
    const billId = $("#pay-form input[name=billId]")?.value ?? "";
    htmx.ajax("POST", "/till/customer", {
      source: "#scan-form",
      values: { customerId: "", billId },
    });
  }
  function newBill() {
    htmx.ajax("GET", "/till", { source: "#scan-form" });
  }

  // ---- Payment mode: show the fields the chosen mode needs.
  function applyModes() {
    const mode = $("#pay-form input[name=mode]:checked")?.value ?? "cash";
    for (const el of document.querySelectorAll("#pay-form [data-for]")) {
      el.hidden = !el.dataset.for.split(" ").includes(mode);
      // The UPI QR is fetched only when it is shown.
      if (!el.hidden && el.dataset.src && !el.getAttribute("src")) el.src = el.dataset.src;
    }
  }
  document.addEventListener("change", (e) => {
    if (e.target.matches?.("#pay-form input[name=mode]")) {
      applyModes();
      if (e.target.value === "cash" || e.target.value === "split") $("#tendered")?.focus();
    }
    if (e.target.matches?.(".till-disc select")) e.target.form.requestSubmit();
  });

  document.addEventListener("click", (e) => {
    const t = e.target.closest?.("[data-focus], [data-new-bill]");
    if (t?.dataset.focus) {
      $(".till-custsearch")?.classList.remove("till-collapsed");
      document.getElementById(t.dataset.focus)?.focus();
    } else if (t?.hasAttribute("data-new-bill")) {
      newBill();
      focusScan();
    }
  });

  // After a mouse click on a non-field, give focus back to the scan box.
  document.addEventListener("mouseup", (e) => {
    if (!e.target.closest?.("input, select, textarea, label, a, summary, .till-results")) {
      setTimeout(focusScan, 0);
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    applyModes();
    focusScan();
  });
})();
