// Adds and removes repeated form rows (sites, steps) in place; without JavaScript the
// "Add" and "Remove" buttons submit the form and the server re-renders the rows instead.
(function () {
  "use strict";

  var INDEX = /-\d+$/;

  // Row ids end in the row's position so the server's error messages find their slot.
  function renumber(body) {
    body.querySelectorAll("tr[data-row]").forEach(function (row, index) {
      var suffix = "-" + String(index);
      row.querySelectorAll("[id]").forEach(function (element) {
        element.id = element.id.replace(INDEX, suffix);
      });
      row.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(INDEX, suffix);
      });
      row.querySelectorAll("[aria-describedby]").forEach(function (element) {
        var ids = element.getAttribute("aria-describedby").split(/\s+/).map(function (id) {
          return id.replace(INDEX, suffix);
        });
        element.setAttribute("aria-describedby", ids.join(" "));
      });
      row.querySelectorAll("[data-label]").forEach(function (label) {
        label.textContent = label.getAttribute("data-label").replace("#", String(index + 1));
      });
      row.querySelectorAll("button[data-remove-row]").forEach(function (button) {
        button.value = String(index);
      });
    });
  }

  function addRow(body) {
    var rows = body.querySelectorAll("tr[data-row]");
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    copy.querySelectorAll("input[type='text']").forEach(function (input) { input.value = ""; });
    copy.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    copy.querySelectorAll(".field-error").forEach(function (slot) { slot.textContent = ""; });
    last.after(copy);
    renumber(body);
    var first = copy.querySelector("input[type='text']");
    if (first) { first.focus(); }
  }

  function removeRow(body, row, form) {
    if (body.querySelectorAll("tr[data-row]").length > 1) {
      row.remove();
    } else {
      row.querySelectorAll("input[type='text']").forEach(function (input) { input.value = ""; });
    }
    renumber(body);
    // Recalculate: the removed row no longer counts.
    form.dispatchEvent(new Event("change", { bubbles: true }));
    var add = form.querySelector("button[data-add-row='" + body.id + "']");
    if (add) { add.focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add-row], button[data-remove-row]");
    if (!button) { return; }
    var body = document.getElementById(button.getAttribute("data-add-row") || button.getAttribute("data-remove-row"));
    if (!body) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-add-row")) {
      addRow(body);
    } else {
      removeRow(body, button.closest("tr[data-row]"), button.form);
    }
  });

  // A field's error shows once the field has been left or the form submitted: the server checks
  // the whole form at every change, but a field not yet reached is not yet wrong.
  var touched = new Set();

  function fieldOf(slot) {
    return document.getElementById("f-" + slot.id.slice(4));
  }

  function isTouched(field) {
    if (touched.has(field.id)) { return true; }
    return Array.prototype.some.call(field.querySelectorAll("[id]"), function (inner) {
      return touched.has(inner.id);
    });
  }

  function showing(field) {
    var form = field.closest("form");
    return !form || form.dataset.submitted === "1" || isTouched(field);
  }

  function mark(slot, field, show) {
    if (!show && slot.textContent.trim()) {
      slot.dataset.held = slot.textContent;
      slot.textContent = "";
    } else if (show && slot.dataset.held) {
      slot.textContent = slot.dataset.held;
      delete slot.dataset.held;
    }
    var wrong = Boolean(slot.textContent.trim());
    if (wrong) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
    var box = field.closest(".field, td");
    if (box) { box.classList.toggle("has-error", wrong); }
  }

  // The summary and the spoken status name only the errors on show.
  function summarise() {
    var shown = [];
    document.querySelectorAll(".error-summary li").forEach(function (item) {
      var link = item.querySelector("a[href^='#f-']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      var show = !field || showing(field);
      item.hidden = !show;
      if (show) { shown.push(item.textContent.trim()); }
    });
    document.querySelectorAll(".error-summary").forEach(function (summary) {
      summary.hidden = shown.length === 0;
    });
    var status = document.getElementById("live-status");
    if (status && document.querySelector(".error-summary")) {
      status.textContent = shown.length ?
        shown.length + (shown.length === 1 ? " field needs" : " fields need") + " checking: " + shown[0] :
        "Fill in the rest of the form to see the results.";
    }
  }

  function refresh() {
    document.querySelectorAll(".field-error[id^='err-']").forEach(function (slot) {
      var field = fieldOf(slot);
      if (field) { mark(slot, field, showing(field)); }
    });
    summarise();
  }

  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (!field.id || !field.form) { return; }
    touched.add(field.id);
    var slot = document.getElementById("err-" + field.id.slice(2));
    if (slot) { mark(slot, field, true); }
    summarise();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id) { touched.add(event.target.id); }
  }, true);
  document.addEventListener("submit", function (event) {
    event.target.dataset.submitted = "1";
  }, true);
  // Pressing a send button with a mouse already sends the form in the user's eyes. The press also
  // leaves the last field, whose answer can arrive and move the button before the press ends, and
  // then the browser drops the click: that answer, for the same values, must show every error too.
  // Not for touch: a tap leaves the field only as it ends, and a finger may rest on the button
  // to scroll the page.
  document.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "mouse") { return; }
    var button = event.target.closest("button[type='submit']");
    if (button && button.form) { button.form.dataset.submitted = "1"; }
  }, true);

  // A listed product brings its own strength: the custom fields are switched off, not ignored.
  function customStock() {
    var product = document.getElementById("f-product");
    if (!product) { return; }
    var custom = product.value === "custom";
    ["f-stock", "f-stock_basis"].forEach(function (id) {
      var field = document.getElementById(id);
      if (field) { field.disabled = !custom; }
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "f-product") { customStock(); }
  }, true);

  // As soon as htmx swaps in the server's checks (in the same task, so no stale frame is
  // painted), show those the user has reached.
  document.addEventListener("htmx:afterSwap", refresh);
}());
