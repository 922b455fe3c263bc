import { initAll } from "/static/vendor/govuk-frontend.min.js";

initAll();

// Re-initialise GOV.UK components in fragments that HTMX swaps in.
document.body.addEventListener("htmx:afterSwap", (event) => initAll({ scope: event.target }));
