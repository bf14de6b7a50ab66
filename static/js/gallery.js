// A gallery (图集) works without this script: its pictures scroll sideways (a swipe on a phone)
// and the numbered links jump to each. This adds previous/next buttons, arrow keys and a
// spoken position, and keeps the links from scrolling the whole page.
"use strict";
(function () {
  function setUp(gallery) {
    const track = gallery.querySelector(".gallery-track");
    const slides = Array.from(track.querySelectorAll(".gallery-slide"));
    if (slides.length < 2) {
      return;
    }
    const controls = document.createElement("div");
    controls.className = "gallery-controls";
    const previous = document.createElement("button");
    const next = document.createElement("button");
    const status = document.createElement("p");
    previous.type = next.type = "button";
    previous.className = "gallery-previous";
    next.className = "gallery-next";
    previous.setAttribute("aria-controls", track.id);
    next.setAttribute("aria-controls", track.id);
    previous.textContent = "‹ " + (gallery.dataset.previous || "");
    next.textContent = (gallery.dataset.next || "") + " ›";
    status.className = "gallery-status";
    status.setAttribute("aria-live", "polite");
    controls.append(previous, status, next);
    track.after(controls);

    let current = 0;
    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      track.scrollTo({ left: slides[current].offsetLeft - track.offsetLeft, behavior: "smooth" });
    }
    function update() {
      const width = track.clientWidth || 1;
      current = Math.max(0, Math.min(slides.length - 1, Math.round(track.scrollLeft / width)));
      status.textContent = current + 1 + " / " + slides.length;
      previous.disabled = current === 0;
      next.disabled = current === slides.length - 1;
    }
    previous.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        show(current + (event.key === "ArrowRight" ? 1 : -1));
      }
    });
    let pending = null;
    track.addEventListener("scroll", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(update, 60);
    });
    gallery.querySelectorAll(".gallery-index a").forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(index);
        track.focus({ preventScroll: true });
      });
    });
    update();
  }

  function start() {
    document.querySelectorAll("[data-gallery]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
