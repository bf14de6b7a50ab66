// Every admin form control gets a name a screen reader can say. Django labels most fields, but
// not the cells of a tabular inline (their column header names them) nor the boxes select2 draws
// in place of an autocomplete's <select>.
(function () {
  "use strict";

  function labelText(text) {
    return (text || "").replace(/\s+/g, " ").replace(/[:：]\s*$/, "").trim();
  }

  function columnHeader(control) {
    const cell = control.closest("td");
    const table = cell && cell.closest("table");
    if (!table) return "";
    const headers = table.querySelectorAll("thead th");
    const index = Array.prototype.indexOf.call(cell.parentElement.children, cell);
    const header = headers[index];
    return header ? labelText(header.textContent) : "";
  }

  function nameOf(control) {
    if (control.id) {
      const label = document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
      if (label && labelText(label.textContent)) return labelText(label.textContent);
    }
    return columnHeader(control);
  }

  function isNamed(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) return true;
    if (control.labels && Array.prototype.some.call(control.labels, (l) => labelText(l.textContent))) return true;
    return false;
  }

  function nameControls(root) {
    root.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((control) => {
      if (isNamed(control) || control.closest(".empty-form")) return;
      const name = nameOf(control);
      if (name) control.setAttribute("aria-label", name);
    });
    root.querySelectorAll("span.select2").forEach((box) => {
      const select = box.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      const name = select.getAttribute("aria-label") || nameOf(select);
      if (!name) return;
      box.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach((part) => {
        part.removeAttribute("aria-labelledby");
        part.setAttribute("aria-label", name);
      });
      // A combobox names the list it opens; select2 says so only with aria-owns.
      box.querySelectorAll('[role="combobox"]').forEach((combobox) => {
        if (select.id) combobox.setAttribute("aria-controls", "select2-" + select.id + "-results");
      });
      // The × that clears a multiple choice is for the mouse (Backspace does it from the
      // keyboard); select2 puts it inside the list of choices, where only items belong.
      box.querySelectorAll(".select2-selection__clear").forEach((clear) => {
        clear.setAttribute("aria-hidden", "true");
      });
    });
  }

  function start() {
    nameControls(document);
    // Inline rows are added and select2 redraws its boxes as people type: name them again.
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        nameControls(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => setTimeout(start));
  } else {
    setTimeout(start);
  }
})();
