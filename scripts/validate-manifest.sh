#!/usr/bin/env bash
# Validates manifest.xml (and the production copy in dist/, when built) against Microsoft's XSDs, offline.
# The schema set lives in ../shared/schemas/office-addin-manifest; a copy ships in schemas/ so a clone without
# ../shared still validates.
set -eu
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
validator="$root/schemas/office-addin-manifest/validate-manifest.sh"
files=("$root/manifest.xml")
[ -f "$root/dist/manifest.xml" ] && files+=("$root/dist/manifest.xml")
exec bash "$validator" "${files[@]}"
