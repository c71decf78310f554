#!/usr/bin/env bash
# Regenerates src/ActorRuntime/Apis/Schema/webext-api.json from the npm package webext-schema (Firefox's schemas).
# The only step that needs npm; run it from anywhere, optionally with another version: ./regenerate.sh 7.1.0
set -euo pipefail
version="${1:-7.1.0}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "webext-schema@$version" >/dev/null && tar xzf webext-schema-*.tgz)
dotnet run --project "$here" -- "$work/package/schemas/central/webext.json" "$here/../ActorRuntime/Apis/Schema/webext-api.json" \
  --source "webext-schema $version, schemas/central/webext.json"
