#!/usr/bin/env bash
# screenshots_uptodate.sh — the README images in screenshots/ are what the
# current program records: regenerate them into a temporary directory with
# screenshots/generate.sh and compare, file by file, both ways. A stale,
# missing or orphaned file fails with one line naming it and the fix
# (`scons screenshots`). Needs GMPSCOPE (set by scons test).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s%N)
if ! GMPSCOPE=$GMPSCOPE bash "$root/screenshots/generate.sh" "$tmp" >"$tmp.log" 2>&1; then
	echo "screenshots_uptodate: screenshots/generate.sh failed:"
	cat "$tmp.log"
	rm -f "$tmp.log"
	exit 1
fi
rm -f "$tmp.log"
ms=$(( ($(date +%s%N) - start) / 1000000 ))

fails=0
for f in "$tmp"/*; do
	name=$(basename "$f")
	if [[ ! -f $root/screenshots/$name ]]; then
		echo "screenshots/$name is missing: run scons screenshots"
		fails=$((fails + 1))
	elif ! cmp -s "$f" "$root/screenshots/$name"; then
		echo "screenshots/$name is stale: run scons screenshots"
		fails=$((fails + 1))
	fi
done
shopt -s nullglob
for f in "$root"/screenshots/[0-9][0-9]-*-bug.svg "$root"/screenshots/[0-9][0-9]-*-fix.svg \
         "$root"/screenshots/hero.svg "$root"/screenshots/00-tour.cast; do
	name=$(basename "$f")
	if [[ -f $f && ! -f $tmp/$name ]]; then
		echo "screenshots/$name belongs to no scenario any more: run scons screenshots"
		fails=$((fails + 1))
	fi
done
if ((ms > 10000)); then
	echo "screenshots_uptodate: recording every screenshot took ${ms}ms (budget: 10000ms)"
	fails=$((fails + 1))
fi
echo "screenshots_uptodate: $(ls "$tmp" | wc -l) files compared in ${ms}ms, $fails problem(s)"
((fails == 0))
