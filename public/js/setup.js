// Setup page: loading demo data takes a while (months of bills on MySQL can take
// a minute), so say so and stop a second click from submitting twice.
(() => {
  const form = document.querySelector('form[action="/setup"]');
  if (!form) return;
  form.addEventListener("submit", () => {
    const button = form.querySelector('button[type="submit"]');
    const demo = form.querySelector('input[name="demo"]');
    if (!button) return;
    // Disable after this tick so the browser still submits the form.
    setTimeout(() => {
      button.disabled = true;
      // The words come from the page (data-busy, data-busy-demo: the catalogue).
      button.textContent = (demo?.checked ? button.dataset.busyDemo : button.dataset.busy) || "…";
    }, 0);
  });
})();
