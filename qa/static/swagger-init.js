// Starts Swagger UI on the /schema page. A file, not an inline script: the docs' content
// security policy allows scripts of the service's own origin only.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // BaseLayout, without the standalone preset: no top bar that loads other specs, and
    // no validator badge (an image from validator.swagger.io).
    presets: [SwaggerUIBundle.presets.apis],
  });
})();
