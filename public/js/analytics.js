// Analytics pages (no inline handlers under the CSP):
// - the end-of-day "Print" button;
// - typing a custom date switches the period list to "Custom".
document.addEventListener("click", (event) => {
  const target = event.target;
  if (target instanceof Element && target.closest("[data-print]")) window.print();
});

document.addEventListener("change", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLInputElement) || !target.closest(".an-period-form")) return;
  if (target.type !== "date" || !target.value) return;
  const select = target.form?.querySelector("select[name=range]");
  if (select instanceof HTMLSelectElement) select.value = "custom";
});
