#!/usr/bin/env bash
# Every benchmark, one after another (each prints its table; with --write each writes its section of
# tests/bench/RESULTS.md). Builds the extension first: some run it in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run --silent build > /dev/null
for bench in bench bench:detection bench:extraction bench:content bench:pathological bench:archive bench:text-storage; do
  npm run --silent "$bench" -- "$@"
done
