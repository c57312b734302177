#!/usr/bin/env bash
# screenshots_uptodate.sh — the README images in screenshots/ are what the
# current program records: regenerate them into a temporary directory with
# screenshots/generate.sh and compare, file by file, both ways. A stale,
# missing or orphaned file fails with one line naming it and the fix
# (`scons screenshots`). Needs GMPSCOPE (set by scons test).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$shm/gmp-uptodate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The budget (10s) is CPU time, user + system: what recording costs on one
# idle core, not how busy the machine running the tests is.
start=$(date +%s%N)
TIMEFORMAT='%3U %3S'
if ! cpu=$( { time GMPSCOPE=$GMPSCOPE bash "$root/screenshots/generate.sh" "$tmp" \
	>"$tmp/.log" 2>&1; } 2>&1 ); then
	echo "screenshots_uptodate: screenshots/generate.sh failed:"
	cat "$tmp/.log"
	exit 1
fi
rm -f "$tmp/.log"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cpu_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$cpu")

problems=()
for f in "$tmp"/*; do
	name=$(basename "$f")
	if [[ ! -f $root/screenshots/$name ]]; then
		problems+=("screenshots/$name is missing")
	elif ! cmp -s "$f" "$root/screenshots/$name"; then
		problems+=("screenshots/$name is stale")
	fi
done
shopt -s nullglob
for f in "$root"/screenshots/[0-9][0-9]-*-bug.svg "$root"/screenshots/[0-9][0-9]-*-fix.svg \
         "$root"/screenshots/[0-9][0-9]-*-compare.svg \
         "$root"/screenshots/hero.svg "$root"/screenshots/hero-light.svg "$root"/screenshots/hero-80x24.svg \
         "$root"/screenshots/00-tour.cast; do
	name=$(basename "$f")
	if [[ -f $f && ! -f $tmp/$name ]]; then
		problems+=("screenshots/$name belongs to no scenario any more")
	fi
done
if ((${#problems[@]} > 0)); then
	more=""
	((${#problems[@]} > 1)) && more=" (and $((${#problems[@]} - 1)) more)"
	echo "${problems[0]}$more: run scons screenshots"
	exit 1
fi
# The budget is for the release build: sanitizer and debug builds (build/san,
# build/debug) run several times slower by design and check correctness only.
case $GMPSCOPE in
*/san/* | */debug/*) budget="" ;;
*) budget=10000 ;;
esac
if [[ -n $budget ]] && ((cpu_ms > budget)); then
	echo "screenshots_uptodate: recording every screenshot took ${cpu_ms}ms of CPU (budget: ${budget}ms)"
	exit 1
fi
echo "screenshots_uptodate: $(ls "$tmp" | wc -l) files up to date;" \
	"recorded in ${cpu_ms}ms of CPU (${ms}ms elapsed)"
