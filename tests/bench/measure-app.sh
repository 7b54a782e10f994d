#!/usr/bin/env bash
# Prints the figures the issues ask for: release binary sizes, time from launch
# to a mapped window, and the app's memory (RSS and PSS, per process and in all)
# under Xvfb on a demo database. A benchmark, not a test: it asserts nothing.
# Needs the packages `cargo xtask setup` installs. Usage: tests/bench/measure-app.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"

npm --prefix ui run build >/dev/null
cargo build --release -q -p opex-app -p opex-cli
app="$target/release/opex-app"
cli="$target/release/opex"
mb() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1048576 }'; }
printf 'release opex-app: %s bytes (%s MB)\n' "$(stat -c %s "$app")" "$(mb "$(stat -c %s "$app")")"
printf 'release opex:     %s bytes (%s MB)\n' "$(stat -c %s "$cli")" "$(mb "$(stat -c %s "$cli")")"

work=$(mktemp -d)
trap 'kill $apid $xpid 2>/dev/null || true; rm -rf "$work"' EXIT
"$cli" --db "$work/demo.sqlite3" demo >/dev/null

for d in $(seq 90 130); do [ -e /tmp/.X11-unix/X$d ] || { disp=":$d"; break; }; done
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
sleep 0.5
start=$(date +%s.%N)
DISPLAY=$disp OPEX_DB="$work/demo.sqlite3" setsid "$app" >"$work/app.log" 2>&1 & apid=$!
DISPLAY=$disp timeout 30 xdotool search --sync --onlyvisible --name '^opex$' >/dev/null
mapped=$(date +%s.%N)
awk -v a="$start" -v b="$mapped" 'BEGIN { printf "launch to mapped window: %.2f s\n", b - a }'
sleep 4   # let the home screen load its teams

# The app and every process it started (WebKitWebProcess, WebKitNetworkProcess).
pids=$(ps -o pid= --sid "$(ps -o sid= -p $apid | tr -d ' ')")
total_rss=0; total_pss=0
printf '%-28s %10s %10s\n' process "RSS (MB)" "PSS (MB)"
for p in $pids; do
  [ -r /proc/$p/smaps_rollup ] || continue
  name=$(tr -d '\0' < /proc/$p/comm)
  rss=$(awk '/^Rss:/ {print $2}' /proc/$p/smaps_rollup)
  pss=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup)
  total_rss=$((total_rss + rss)); total_pss=$((total_pss + pss))
  awk -v n="$name" -v r="$rss" -v p="$pss" 'BEGIN { printf "%-28s %10.1f %10.1f\n", n, r / 1024, p / 1024 }'
done
awk -v r="$total_rss" -v p="$total_pss" 'BEGIN { printf "%-28s %10.1f %10.1f\n", "total", r / 1024, p / 1024 }'
echo "baseline (empty Tauri window, shared/linux-desktop.md): about 450 MB RSS, 275 MB PSS"
