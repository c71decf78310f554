#!/usr/bin/env bash
# Regenerates the API descriptions in src/ActorRuntime/Apis/Schema from the browsers' published schemas:
#   webext-api.json    from the npm package webext-schema (Firefox's WebExtension schemas, MPL-2.0);
#   chromium-api.json  from the npm package chrome-types (Chromium's API as TypeScript declarations, Apache-2.0):
#                      what Chromium has that the Firefox description lacks.
# The only step that needs npm; run it from anywhere, optionally with other versions: ./regenerate.sh 7.1.0 0.1.457
set -euo pipefail
webext="${1:-7.1.0}"
chrome="${2:-0.1.457}"
here="$(cd "$(dirname "$0")" && pwd)"
schema="$here/../ActorRuntime/Apis/Schema"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/webext" "$work/chrome"
(cd "$work/webext" && npm pack --silent "webext-schema@$webext" >/dev/null && tar xzf webext-schema-*.tgz)
(cd "$work/chrome" && npm pack --silent "chrome-types@$chrome" >/dev/null && tar xzf chrome-types-*.tgz)
dotnet build "$here" -v q >/dev/null
dotnet run --no-build --project "$here" -- "$work/webext/package/schemas/central/webext.json" "$schema/webext-api.json" \
  --source "webext-schema $webext, schemas/central/webext.json"
dotnet run --no-build --project "$here" -- chromium "$work/chrome/package/_all.d.ts" "$schema/webext-api.json" "$schema/chromium-api.json" \
  --source "chrome-types $chrome, _all.d.ts"
