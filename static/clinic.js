// The clinic pages with htmx: every request carries the session's CSRF token in a header, and
// the answers a person must read (a form refused, someone else recorded first) are shown even
// though they come with a 4xx status, which htmx on its own would drop.
(function () {
  "use strict";

  // 409: already recorded; 412: someone else wrote first; 422: a field refused. Each answer is
  // the same fragment as a success, with the reason and what was typed.
  var SHOWN = { 409: true, 412: true, 422: true };

  function token() {
    var meta = document.querySelector("meta[name='csrf-token']");
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var value = token();
    if (value) { event.detail.headers["X-CSRF-Token"] = value; }
  });

  // Any other refusal (403, 404, 500 …) comes as a whole error page: its title and message are
  // put in the alert box, and nothing on the page is replaced, so nothing typed is lost.
  function tell(xhr) {
    var box = document.getElementById("clinic-alert");
    if (!box) { return; }
    var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var main = page.querySelector("main");
    var words = [];
    if (main) {
      main.querySelectorAll("h1, p:not(#live-status)").forEach(function (node) {
        var text = node.textContent.trim();
        if (text && text !== "Back to the start page") { words.push(text); }
      });
    }
    if (!words.length) {
      words.push("The server could not answer (status " + xhr.status + "). Nothing was saved: " +
                 "reload the page and try again.");
    }
    box.hidden = false;
    box.textContent = words.join(" ");
    box.focus();
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var box = document.getElementById("clinic-alert");
    if (SHOWN[status]) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (status >= 400) {
      event.detail.shouldSwap = false;
      tell(event.detail.xhr);
      return;
    }
    if (box) { box.hidden = true; box.textContent = ""; }
  });

  // A network failure is said too, rather than a button that seems to do nothing.
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("clinic-alert");
    if (!box) { return; }
    box.hidden = false;
    box.textContent = "The server could not be reached. Nothing was saved: check the " +
                      "connection and send the form again.";
    box.focus();
  });
}());
