import { initAll } from "/static/vendor/govuk-frontend.min.js";

// A wide table scrolls inside its wrapper, so keyboard users must be able to focus the wrapper to scroll it:
// it becomes a region named by the table's caption (templates may already say so themselves).
function focusableTableWrappers(scope) {
  for (const wrapper of scope.querySelectorAll(".waypoint-table-wrapper:not([tabindex])")) {
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    const caption = wrapper.querySelector("caption");
    if (caption && !wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
      wrapper.setAttribute("aria-label", caption.textContent.trim().replace(/\s+/g, " "));
    }
  }
}

initAll();
focusableTableWrappers(document);

// Re-initialise GOV.UK components in fragments that HTMX swaps in.
document.body.addEventListener("htmx:afterSwap", (event) => {
  initAll({ scope: event.target });
  focusableTableWrappers(event.target.parentElement || event.target);
});
