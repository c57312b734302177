#!/usr/bin/env bash
# determinism.sh — two recordings of the same input are byte-identical
# (DESIGN.md, "Build and terminal notes"): for every scenario, `gmpscope
# record` with every output — asciicast, .txt and .svg screenshots, schedtrace
# (with scheddetail) and Chrome trace JSON — run twice: once as the user runs
# it, once from another directory with a scrubbed, different environment
# (LANG=C, TERM=dumb, NO_COLOR=1, another TZ). Then once more with a key script
# and another size, speed and seed. Any differing file fails with its name.
# Needs GMPSCOPE (set by scons test).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
prog=$(realpath "$GMPSCOPE")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 runs=0

# rec DIR ARGS...: record into DIR with every output
rec() {
	local dir=$1; shift
	mkdir -p "$dir"
	"$prog" record "$@" --cast "$dir/rec.cast" --screens "$dir/shots" \
		--schedtrace "$dir/sched.txt:5ms" --schedtrace-detail --trace-json "$dir/trace.json"
}

# twice NAME ARGS...: record twice in different environments and compare
twice() {
	local name=$1; shift
	runs=$((runs + 1))
	if ! rec "$tmp/$name.a" "$@" 2>"$tmp/err"; then
		echo "FAIL: gmpscope record $*: $(cat "$tmp/err")"
		fails=$((fails + 1))
		return
	fi
	(cd / && env -i PATH=/usr/bin:/bin LANG=C LC_ALL=C TERM=dumb NO_COLOR=1 TZ=Asia/Tokyo \
		HOME=/nonexistent bash -c "$(declare -f rec); prog='$prog'; rec \"\$@\"" rec \
		"$tmp/$name.b" "$@") 2>>"$tmp/err"
	local diffs
	diffs=$(diff -rq "$tmp/$name.a" "$tmp/$name.b" 2>&1)
	if [[ -n $diffs ]]; then
		echo "FAIL: gmpscope record $*: the recordings differ:"
		echo "$diffs" | sed "s|$tmp/||g"
		fails=$((fails + 1))
	elif [[ ! -s $tmp/$name.a/rec.cast || ! -s $tmp/$name.a/trace.json || \
	        ! -s $tmp/$name.a/sched.txt || ! -s $tmp/$name.a/shots/end.svg ]]; then
		echo "FAIL: gmpscope record $*: an output is missing or empty"
		fails=$((fails + 1))
	else
		echo "ok: $name ($(find "$tmp/$name.a" -type f | wc -l) identical files)"
	fi
	rm -rf "$tmp/$name.a" "$tmp/$name.b"
}

shopt -s nullglob
for f in "$root"/scenarios/[0-9][0-9]-*.gmp; do
	twice "$(basename "$f" .gmp)" "$f"
done
if [[ -f $root/scenarios/03-lockosthread-leak.gmp ]]; then
	twice keys "$root/scenarios/03-lockosthread-leak.gmp" --variant fix --size 100x30 \
		--speed 50ms --seed 7 --fps 25 --at 1ms,12500us \
		--keys "n n n g m space 1s + 2s space v e 500ms e space"
fi
((runs > 0)) || { echo "FAIL: no scenario found in $root/scenarios"; fails=1; }
echo "determinism: $runs recording pairs, $fails failure(s)"
((fails == 0))
