#!/usr/bin/env bash
# Prints how long the leadership PDF and a 20-team portfolio PDF take and how
# big they are, for a demo team
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
printf 'PDF size: %s bytes, %s pages\n' "$(stat -c %s "$work/r.pdf")" "$(pdfinfo "$work/r.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
for i in $(seq 2 20); do "$cli" --db "$work/db.sqlite3" demo --team "Team $i" >/dev/null; done
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$cli" --db "$work/db.sqlite3" portfolio --all --out "$work/p.pdf" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v r="$run" 'BEGIN { printf "20-team portfolio PDF, run %d: %.2f s\n", r, b - a }'
done
printf 'portfolio PDF size: %s bytes, %s pages\n' "$(stat -c %s "$work/p.pdf")" "$(pdfinfo "$work/p.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
printf 'opex binary: %s bytes\n' "$(stat -c %s "$cli")"
