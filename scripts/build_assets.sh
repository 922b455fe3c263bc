#!/usr/bin/env bash
# Builds the front-end from the npm packages: the stylesheet from Sass, and vendor scripts copied as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/build
vendor=static/vendor
mkdir -p "$out" "$vendor/assets"
node_modules/.bin/sass --no-source-map --quiet-deps --silence-deprecation=import --load-path=node_modules --load-path=. \
  --style=compressed static/scss/waypoint.scss "$out/waypoint.css"
# MOJ's built stylesheet names the GOV.UK typeface, which is for GOV.UK services only: use ours instead.
sed 's/"GDS Transport",arial,sans-serif\|GDS Transport,arial,sans-serif/system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif/g' \
  node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css | sed '/sourceMappingURL/d' >>"$out/waypoint.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$vendor/"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/"
cp node_modules/axe-core/axe.min.js "$vendor/"
cp -r node_modules/govuk-frontend/dist/govuk/assets/images "$vendor/assets/"
