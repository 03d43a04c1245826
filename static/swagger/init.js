// Starts Swagger UI for /docs from a file, because the Content-Security-Policy forbids inline script.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.schema, dom_id: "#swagger-ui" });
});
