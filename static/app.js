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

  // After htmx swaps in new error messages, mark the matching fields invalid (or valid again).
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".field-error[id^='err-']").forEach(function (slot) {
      var field = document.getElementById("f-" + slot.id.slice(4));
      if (!field) { return; }
      if (slot.textContent.trim()) {
        field.setAttribute("aria-invalid", "true");
      } else {
        field.removeAttribute("aria-invalid");
      }
    });
  });
}());
