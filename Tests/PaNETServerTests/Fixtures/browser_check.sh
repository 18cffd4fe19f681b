#!/usr/bin/env bash
# Renders the panet browser in headless Chromium: a screenshot of a term page, the DOM of the home
# page after typing (through the /#q= link) so that the suggestions are shown, and the query page
# running a query (through its #run link) so that the results table is shown.
# Usage: browser_check.sh BASE_URL OUTPUT_DIR
# Exit 0 with files in OUTPUT_DIR; exit 77 (skip) when no Chromium can be found or installed.
set -uo pipefail
base="$1"
out="$2"
mkdir -p "$out"

find_browser() {
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  return 1
}

browser="$(find_browser)"
if [ -z "$browser" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get install -y chromium >"$out/apt.log" 2>&1 \
      || { timeout 300 apt-get update >>"$out/apt.log" 2>&1 && timeout 600 apt-get install -y chromium >>"$out/apt.log" 2>&1; }
    browser="$(find_browser)"
  fi
fi
if [ -z "$browser" ]; then
  echo "no Chromium found and it could not be installed (apt-get install chromium)" >&2
  exit 77
fi

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run
       --user-data-dir="$out/profile" --virtual-time-budget=5000)
timeout 120 "$browser" "${flags[@]}" --window-size=1280,900 --screenshot="$out/term.png" "$base/term/PaNET01200" \
  >"$out/screenshot.log" 2>&1 || { cat "$out/screenshot.log" >&2; exit 1; }
timeout 120 "$browser" "${flags[@]}" --window-size=1280,900 --screenshot="$out/suggestions.png" "$base/#q=xes" \
  >>"$out/screenshot.log" 2>&1 || { cat "$out/screenshot.log" >&2; exit 1; }
timeout 120 "$browser" "${flags[@]}" --dump-dom "$base/#q=xes" >"$out/suggestions.html" 2>>"$out/screenshot.log" \
  || { cat "$out/screenshot.log" >&2; exit 1; }
query="SELECT%20%3Fclass%20WHERE%20%7B%20%3Fclass%20a%20%3Chttp%3A%2F%2Fwww.w3.org%2F2002%2F07%2Fowl%23Class%3E%20%7D%20LIMIT%203"
timeout 120 "$browser" "${flags[@]}" --window-size=1280,900 --screenshot="$out/query.png" "$base/query?query=$query#run" \
  >>"$out/screenshot.log" 2>&1 || { cat "$out/screenshot.log" >&2; exit 1; }
timeout 120 "$browser" "${flags[@]}" --dump-dom "$base/query?query=$query#run" >"$out/query.html" 2>>"$out/screenshot.log" \
  || { cat "$out/screenshot.log" >&2; exit 1; }
exit 0
