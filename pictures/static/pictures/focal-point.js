// The focal point picker of the picture form: a click on the picture, or the arrow keys on its
// marker (Shift for larger steps), writes the point into the focal point fields.
"use strict";
(function () {
  function setUp(picker) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-point-marker");
    const xInput = document.getElementById(picker.dataset.xInput);
    const yInput = document.getElementById(picker.dataset.yInput);
    if (!image || !marker || !xInput || !yInput) {
      return;
    }
    const clamp = (value) => Math.min(1, Math.max(0, value));
    const read = () => [clamp(parseFloat(xInput.value) || 0), clamp(parseFloat(yInput.value) || 0)];

    function show() {
      const [x, y] = read();
      marker.style.left = (x * 100).toFixed(1) + "%";
      marker.style.top = (y * 100).toFixed(1) + "%";
      marker.setAttribute("aria-valuenow", Math.round(x * 100));
      marker.setAttribute(
        "aria-valuetext",
        Math.round(x * 100) + "% / " + Math.round(y * 100) + "%"
      );
    }

    function place(x, y) {
      xInput.value = clamp(x).toFixed(3);
      yInput.value = clamp(y).toFixed(3);
      xInput.dispatchEvent(new Event("change", { bubbles: true }));
      yInput.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    }

    picker.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      place((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      marker.focus();
    });

    marker.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? 0.1 : 0.01;
      const moves = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      const move = moves[event.key];
      if (!move) {
        return;
      }
      event.preventDefault();
      const [x, y] = read();
      place(x + move[0], y + move[1]);
    });

    xInput.addEventListener("input", show);
    yInput.addEventListener("input", show);
    show();
  }

  function start() {
    document.querySelectorAll(".focal-point-picker").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
