// The lead image chooser: a picture picked in the library's popup list, or found by the
// autocomplete, becomes the field's choice and shows as a preview.
"use strict";
(function () {
  function preview(select, url) {
    const image = document.getElementById("preview_" + select.id);
    if (!image) {
      return;
    }
    image.hidden = !url;
    if (url) {
      image.src = url;
    } else {
      image.removeAttribute("src");
    }
  }

  function choose(select, id, label, thumbnail) {
    let option = Array.from(select.options).find((o) => o.value === String(id));
    if (!option) {
      option = new Option(label, id, true, true);
      select.append(option);
    }
    option.selected = true;
    window.django.jQuery(select).trigger("change");
    preview(select, thumbnail);
  }

  function start() {
    const $ = window.django && window.django.jQuery;
    if (!$) {
      return;
    }
    const original = window.dismissRelatedLookupPopup;
    window.dismissRelatedLookupPopup = function (win, chosenId) {
      const select = document.getElementById(win.name.replace(/__\d+$/, ""));
      if (!select || select.tagName !== "SELECT") {
        return original(win, chosenId);
      }
      const link = win.document.querySelector('[data-popup-opener="' + chosenId + '"]');
      const row = link ? link.closest("tr") : null;
      const title = row ? row.querySelector(".field-title") : null;
      const thumbnail = row ? row.querySelector("img") : null;
      choose(
        select,
        chosenId,
        title ? title.textContent.trim() : "#" + chosenId,
        thumbnail ? thumbnail.src : ""
      );
      win.close();
    };
    document.querySelectorAll(".picture-chooser-preview").forEach(function (image) {
      const select = document.getElementById(image.id.replace(/^preview_/, ""));
      if (!select) {
        return;
      }
      $(select).on("select2:select", function (event) {
        preview(select, event.params.data.thumbnail || "");
      });
      $(select).on("select2:clear", function () {
        preview(select, "");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
