// Shared client behaviour (no inline script: the CSP forbids it).
(() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

  // Every htmx request carries the session's CSRF token as a header.
  document.addEventListener("htmx:config:request", (event) => {
    event.detail.ctx.request.headers["X-CSRF-Token"] = csrf();
  });

  // Server-sent toasts: HX-Trigger: {"toast": {"kind": "success", "message": "…"}}
  document.addEventListener("toast", (event) =>
    showToast(event.detail?.message, event.detail?.kind),
  );

  function showToast(message, kind = "info") {
    if (!message) return;
    const box = document.getElementById("toasts");
    if (!box) return;
    const el = document.createElement("div");
    el.className = `toast toast-${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.textContent = message;
    box.appendChild(el);
    setTimeout(() => el.remove(), kind === "error" ? 8000 : 4000);
  }
  window.srqbToast = showToast;

  // Requests that fail outright get an error toast; 4xx answers carry their own
  // message in place (validation), so only server errors and lost connections toast.
  document.addEventListener("htmx:error", () =>
    showToast("Could not reach the app. Check that it is still running, then try again.", "error"),
  );
  document.addEventListener("htmx:response:error", (event) => {
    const status = event.detail?.ctx?.response?.status ?? 0;
    if (status >= 500) showToast("Something went wrong on our side. Please try again.", "error");
  });

  // Phones: the Menu button folds the main menu open and shut.
  const navToggle = document.querySelector(".nav-toggle");
  navToggle?.addEventListener("click", () => {
    const open = navToggle.getAttribute("aria-expanded") !== "true";
    navToggle.setAttribute("aria-expanded", String(open));
    document.getElementById("main-nav")?.classList.toggle("nav-open", open);
  });

  // A form sent back with errors: start at the first field to fix (its message is read with it).
  document.querySelector("main [aria-invalid='true']")?.focus();

  // The till: whenever the bill's lines change, keep the newest line in view inside
  // the lines box (a long bill scrolls there, never the page).
  const tillLines = document.getElementById("till-lines");
  if (tillLines) {
    const keepLastInView = () => {
      const last = tillLines.querySelector(".till-last");
      if (!last) return;
      const box = tillLines.getBoundingClientRect();
      const row = last.getBoundingClientRect();
      if (row.bottom > box.bottom) tillLines.scrollTop += row.bottom - box.bottom;
    };
    // subtree: a scan may append one row to the table instead of redrawing the region.
    new MutationObserver(keepLastInView).observe(tillLines, { childList: true, subtree: true });
    // …and when the box itself shrinks (a phone opening the camera view above it).
    new ResizeObserver(keepLastInView).observe(tillLines);
    keepLastInView();
  }

  // Confirmation for destructive actions, in the app's own dialog (Cancel has focus,
  // Esc cancels): <form data-confirm="Void bill 12?"> and htmx's hx-confirm="…".
  function askConfirm(text, action) {
    const dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-text");
    const form = document.createElement("form");
    form.method = "dialog";
    const p = document.createElement("p");
    p.id = "confirm-text";
    p.textContent = text;
    const actions = document.createElement("div");
    actions.className = "actions";
    const cancel = document.createElement("button");
    cancel.className = "btn";
    cancel.value = "cancel";
    cancel.textContent = document.body.dataset.labelCancel || "Cancel";
    cancel.autofocus = true;
    const ok = document.createElement("button");
    ok.className = "btn btn-danger";
    ok.value = "ok";
    ok.textContent = action || document.body.dataset.labelConfirm || "Confirm";
    actions.append(cancel, ok);
    form.append(p, actions);
    dialog.append(form);
    document.body.append(dialog);
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => {
        resolve(dialog.returnValue === "ok");
        dialog.remove();
      });
      dialog.showModal();
    });
  }
  window.srqbConfirm = askConfirm;

  const confirmed = new WeakSet();
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const text = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
      if (!text) return;
      if (confirmed.has(form)) {
        confirmed.delete(form);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      askConfirm(text, submitter?.textContent?.trim()).then((yes) => {
        if (!yes) return;
        confirmed.add(form);
        form.requestSubmit(submitter ?? undefined);
      });
    },
    true,
  );
  // Plain (non-htmx) form posts show the same loading bar while the next page loads
  // (setup with demo data takes a while). htmx forms have preventDefault()ed by now.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented || form.target) return;
    setTimeout(() => form.classList.add("is-submitting"), 0);
  });
  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form.is-submitting"))
      form.classList.remove("is-submitting");
  });

  document.addEventListener("htmx:confirm", (event) => {
    const text = event.detail?.ctx?.confirm;
    if (!text) return;
    event.preventDefault();
    const source = event.target instanceof Element ? event.target : null;
    askConfirm(text, source?.textContent?.trim()).then((yes) =>
      yes ? event.detail.issueRequest() : event.detail.dropRequest(),
    );
  });
})();
