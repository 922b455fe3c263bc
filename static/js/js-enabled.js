// Tells GOV.UK Frontend's styles that JavaScript runs (an external file, so no inline script is needed).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
