/* The curation screen: add by search, reorder by drag and drop, buttons or arrow keys, move
   between blocks. The form carries each row's block and position; the server does the rest. */
(function () {
  "use strict";
  var form, status, lists, total;

  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function rowTitle(row) {
    return row.querySelector(".slot-title").textContent.trim();
  }

  function renumber() {
    lists.forEach(function (list) {
      var n = 0;
      list.querySelectorAll(":scope > .slot-row").forEach(function (row) {
        row.querySelector(".slot-position").value = n;
        row.querySelector(".slot-block").value = list.dataset.block;
        n += 1;
      });
    });
  }

  function blockName(list) {
    return list.getAttribute("aria-label");
  }

  function announce(row) {
    var list = row.parentElement;
    var place = Array.prototype.indexOf.call(list.children, row) + 1;
    say(rowTitle(row) + ": " + blockName(list) + " " + place + " / " + list.children.length);
  }

  function move(row, step) {
    var list = row.parentElement;
    var index = lists.indexOf(list);
    if (step < 0 && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (step > 0 && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else if (step < 0 && index > 0) {
      lists[index - 1].appendChild(row);
    } else if (step > 0 && index < lists.length - 1) {
      var next = lists[index + 1];
      next.insertBefore(row, next.firstElementChild);
    } else {
      return;
    }
    renumber();
    announce(row);
  }

  function wire(row) {
    row.querySelector(".slot-up").addEventListener("click", function () { move(row, -1); });
    row.querySelector(".slot-down").addEventListener("click", function () { move(row, 1); });
    var handle = row.querySelector(".slot-handle");
    handle.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        move(row, event.key === "ArrowUp" ? -1 : 1);
        handle.focus();
      }
    });
    row.querySelector(".slot-block").addEventListener("change", function (event) {
      var target = form.querySelector('.slot-list[data-block="' + event.target.value + '"]');
      if (target) { target.appendChild(row); renumber(); announce(row); }
    });
    var remove = row.querySelector('input[name$="-DELETE"]');
    remove.addEventListener("change", function () {
      row.classList.toggle("is-removed", remove.checked);
    });
    row.addEventListener("dragstart", function (event) {
      row.classList.add("is-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", rowTitle(row));
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("is-dragged");
      renumber();
      announce(row);
    });
  }

  function dragOver(event) {
    var dragged = form.querySelector(".slot-row.is-dragged");
    if (!dragged) { return; }
    event.preventDefault();
    var list = event.currentTarget;
    var after = null;
    list.querySelectorAll(":scope > .slot-row:not(.is-dragged)").forEach(function (row) {
      var box = row.getBoundingClientRect();
      if (after === null && event.clientY < box.top + box.height / 2) { after = row; }
    });
    list.insertBefore(dragged, after);
  }

  function add(result, blockId) {
    var template = document.getElementById("empty-row").innerHTML;
    var holder = document.createElement("ol");
    holder.innerHTML = template.replace(/__prefix__/g, String(total.value)).trim();
    var row = holder.firstElementChild;
    total.value = String(Number(total.value) + 1);
    row.querySelector('input[name$="-article"]').value = result.id;
    row.querySelector(".slot-title").textContent = result.title;
    row.querySelector(".slot-name").textContent = result.title;
    row.querySelector(".slot-state").textContent = result.state;
    form.querySelector('.slot-list[data-block="' + blockId + '"]').appendChild(row);
    wire(row);
    renumber();
    row.querySelector(".slot-handle").focus();
    announce(row);
  }

  function search() {
    var input = document.getElementById("article-search");
    var box = document.getElementById("article-results");
    var found = [];
    var active = -1;
    var timer = null;

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = box.querySelectorAll("[role=option]");
      options.forEach(function (option, n) { option.setAttribute("aria-selected", n === index ? "true" : "false"); });
      active = index;
      if (options[index]) { input.setAttribute("aria-activedescendant", options[index].id); }
    }

    function choose(index) {
      if (!found[index]) { return; }
      add(found[index], document.getElementById("add-block").value);
      input.value = "";
      close();
    }

    function show(results) {
      found = results;
      box.innerHTML = "";
      results.forEach(function (result, n) {
        var option = document.createElement("li");
        option.id = "article-result-" + n;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.title + " — " + result.section + " · " + result.state + " · #" + result.id;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(n); });
        box.appendChild(option);
      });
      box.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      say(results.length + " " + (results.length === 1 ? "result" : "results"));
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var term = input.value.trim();
      if (!term) { close(); return; }
      timer = window.setTimeout(function () {
        fetch(input.dataset.url + "?term=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (input.value.trim() === term) { show(data.results); } });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && found.length) { event.preventDefault(); highlight(Math.min(active + 1, found.length - 1)); }
      else if (event.key === "ArrowUp" && found.length) { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter") { event.preventDefault(); choose(active < 0 ? 0 : active); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("curation-form");
    if (!form) { return; }
    status = document.getElementById("curation-status");
    total = form.querySelector('input[name="form-TOTAL_FORMS"]');
    lists = Array.prototype.slice.call(form.querySelectorAll(".slot-list"));
    form.querySelectorAll(".slot-list > .slot-row").forEach(wire);
    lists.forEach(function (list) { list.addEventListener("dragover", dragOver); });
    form.addEventListener("submit", renumber);
    form.classList.add("is-enhanced");
    search();
  });
})();
