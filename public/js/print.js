// One-click printing of bill PDFs (no inline script: the CSP forbids it).
//
// Client API, for any page that includes this file:
//   <a href="/bills/7/pdf" data-print-url="/bills/7/pdf">Print</a>
//       a click loads the PDF in a hidden frame and opens the browser's print
//       dialog (the href stays as the no-JavaScript fallback);
//   add data-print-auto to print once as soon as the element appears (page
//       load or an htmx swap) — the till's completion screen does this when
//       the shop's "print automatically" setting is on;
//   window.srqbPrint(url) prints from script.
// Each print fetches the PDF afresh, so the server counts copies and marks
// reprints DUPLICATE. A "srqb:print" event (detail.url) fires on document
// when the PDF has loaded and the dialog was asked for.
(() => {
  let frame = null;
  const autoPrinted = new Set();

  // The frame's title comes from the link (data-print-title, the page's language), if it has one.
  function printPdf(url, title) {
    // A fresh frame per print: re-setting the same src may not reload it.
    if (frame) frame.remove();
    frame = document.createElement("iframe");
    frame.className = "print-frame";
    frame.title = title || "Bill for printing";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.addEventListener("load", () => {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch {
        // A browser that cannot print a framed PDF: show it to print by hand.
        window.open(url, "_blank", "noopener");
      }
      document.dispatchEvent(new CustomEvent("srqb:print", { detail: { url } }));
    });
    frame.src = url;
    document.body.appendChild(frame);
  }

  document.addEventListener("click", (event) => {
    const el = event.target instanceof Element ? event.target.closest("[data-print-url]") : null;
    if (!el) return;
    event.preventDefault();
    printPdf(el.getAttribute("data-print-url"), el.getAttribute("data-print-title"));
  });

  function autoPrint() {
    for (const el of document.querySelectorAll("[data-print-auto][data-print-url]")) {
      const url = el.getAttribute("data-print-url");
      if (autoPrinted.has(url)) continue;
      autoPrinted.add(url);
      printPdf(url, el.getAttribute("data-print-title"));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", autoPrint);
  else autoPrint();
  document.addEventListener("htmx:after:swap", autoPrint);

  window.srqbPrint = printPdf;
})();
