#!/usr/bin/env bash
# Prints how long the leadership PDF takes and how big it is, for a demo team
# with a year of quarterly full assessments (release build). A benchmark, not a
# test: it asserts nothing. Usage: tests/bench/measure-report.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p opex-cli
cli="$target/release/opex"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" --db "$work/db.sqlite3" demo >/dev/null
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$cli" --db "$work/db.sqlite3" report --team "Demo: Payments Platform" --format pdf --out "$work/r.pdf" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v r="$run" 'BEGIN { printf "one-team PDF, run %d: %.2f s\n", r, b - a }'
done
printf 'PDF size: %s bytes, %s pages\n' "$(stat -c %s "$work/r.pdf")" "$(pdfinfo "$work/r.pdf" | awk '/^Pages:/ {print $2}')"
