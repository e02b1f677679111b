// Start Swagger UI (served from this server, see web/app.py) on the app's OpenAPI description.
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.getAttribute("data-spec"), dom_id: "#swagger-ui", deepLinking: true });
})();
