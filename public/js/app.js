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
    setTimeout(() => el.remove(), 4000);
  }
  window.srqbToast = showToast;

  // Confirmation for destructive actions: <form data-confirm="Really void?">
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const text = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
      if (text && !window.confirm(text)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
})();
