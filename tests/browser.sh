#!/usr/bin/env bash
# tests/browser.sh — the teaching gallery in a real browser: headless Chromium,
# driven through the DevTools protocol by tests/web/browser_check.py, opens the
# index and scenario 03's page of a gallery built from 00 and 03 (the pages
# are the same generator's as `scons gallery`'s 19), and checks the player
# element exists, the cast plays (its current time advances), the console
# has no error and the screenshot is not blank. Then the same check must FAIL
# on a copy of page 03 whose inlined casts are removed, and on one whose casts
# are corrupted (tests/web/break_cast.py): the test can tell a dead page.
# Skipped (exit 0, one line) where chromium, python3-websocket or python3-pil
# is missing, or in a sanitizer or debug build (release build only: it tests
# the pages, not gmpscope, and costs ~25 s).
set -uo pipefail
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
prog=${GMPSCOPE:-$root/build/gmpscope}
py=/usr/bin/python3
[[ -x $py ]] || py=python3
if ! command -v chromium >/dev/null 2>&1 || ! "$py" -c 'import websocket, PIL' 2>/dev/null; then
	echo "browser: skipped: needs chromium python3-websocket python3-pil (sudo apt-get install -y chromium python3-websocket python3-pil)"
	exit 0
fi
if [[ -n ${BUILD_DIR:-} && $(basename "$BUILD_DIR") != build ]]; then
	echo "browser: skipped in $(basename "$BUILD_DIR") (release build only)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "browser: FAIL: $*"; exit 1; }
page=03-lockosthread-leak.html

mkdir "$tmp/scen"
cp "$root/scenarios/00-tour.gmp" "$root/scenarios/03-lockosthread-leak.gmp" "$tmp/scen/"
"$py" "$root/ui/web/gallery.py" record "$prog" "$tmp/scen" "$tmp/src" || fail "record"
"$py" "$root/ui/web/gallery.py" build "$tmp/scen" "$tmp/src" "$root/ui/web" "$tmp/site" >/dev/null || fail "build"
cp -r "$tmp/site" "$tmp/removed"
cp -r "$tmp/site" "$tmp/corrupt"
"$py" "$root/tests/web/break_cast.py" remove "$tmp/removed/$page" || fail "break_cast remove"
"$py" "$root/tests/web/break_cast.py" corrupt "$tmp/corrupt/$page" || fail "break_cast corrupt"

"$py" "$root/tests/web/browser_check.py" "$tmp/site" "$page" || fail "the gallery as built"
for broken in removed corrupt; do
	if out=$("$py" "$root/tests/web/browser_check.py" "$tmp/$broken" "$page"); then
		fail "passed on a page with its casts $broken: $out"
	fi
	[[ $out == "browser_check: FAIL: "* ]] || fail "$broken: $out"
	echo "browser: as expected on the $broken casts: ${out#browser_check: }"
done
echo "browser: ok"
