#!/usr/bin/env bash
# hostile.sh — gmpscope's own budget protects the host (DESIGN.md, "Budgets
# and limits"; issue 15, points 1 and 2). Each tests/hostile/*.gmp is a small
# program that would grow without bound or run for hours of wall time: a
# spawner in `repeat forever`, a self-spawning function, nested repeats,
# locked goroutines exiting under maxthreads 1000000, -race clocks that
# grow with the square of the goroutines, `sleep 0ns`, a 1ns
# ticker, a 1ns stream, `case after 0ns`, loops of print/defer/make/reset.
# check must stop each with the give-up line in its expectation's line and
# exit 3, within a timeout and (release build) under ulimit -v. The figures
# are exact: the budget counts the engine's steps, never wall time, so every
# build gives the same lines. Needs GMPSCOPE (set by scons test).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
: "${GMPSCOPE_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
dir=$GMPSCOPE_ROOT/tests/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# ASan reserves terabytes of address space: only the release build is run
# under ulimit -v (the sanitizer build keeps the timeout and the budget).
# The sanitizers run ~10x slower: their timeout is longer (the budget, which
# counts steps, stops them at the same lines).
limit="" secs=300 san=1
case "${BUILD_DIR:-}" in
*/san | */san/*) ;;
*) limit="ulimit -v 1000000;" secs=60 san=0 ;;
esac

# gaveup WANT_FILE ARGS...: check ARGS exits 3 and prints exactly WANT_FILE.
# With --update (hostile.sh --update, after an intended engine change that moves
# where a run gives up) WANT_FILE is rewritten from what the program prints.
update=0
[[ ${1:-} == --update ]] && update=1
gaveup() {
	local want=$1; shift
	timeout "$secs" bash -c "$limit"' exec "$0" check "$@"' "$GMPSCOPE" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[[ $update -eq 1 && $rc -eq 3 ]] && cp "$tmp/out" "$want"
	if [[ $rc -ne 3 || -s $tmp/err ]] || ! diff -u "$want" "$tmp/out" >"$tmp/diff"; then
		echo "FAIL: gmpscope check $*: want exit 3 and $(basename "$want"); got exit $rc"
		cat "$tmp/diff" "$tmp/err"
		fails=$((fails + 1))
	else
		echo "ok: gmpscope check $* -> exit 3"
	fi
}

# 1. the event budget bounds every shape, one line each
for f in "$dir"/*.gmp; do
	n=$(basename "$f" .gmp)
	gaveup "$dir/expected/$n.events.txt" --max-events 2000000 "$f"
done

# 2. the engine's own memory bounds the shapes that pile up goroutines and
#    threads before they use up the events
for n in spawn-forever self-spawn nested-repeat locked-exit race-mutex; do
	gaveup "$dir/expected/$n.memory.txt" --max-engine-memory 32MiB "$dir/$n.gmp"
done

# 3. the default budget (300000000 events) stops an hour of `sleep 0ns` in
#    a few seconds
if [[ $san -eq 0 ]]; then
	gaveup "$dir/expected/sleep0-forever.default.txt" "$dir/sleep0-forever.gmp"
else   # 300000000 steps with ASan and the invariant checks take minutes
	echo "skip: the default budget under the sanitizers (the release build checks it)"
fi

# 4. the simulated machine's memory (default 2GiB, `memory`) is the program's
#    own limit: a self-spawning function is OOM-killed (exit 137), as a scenario
#    outcome that check judges (exit 0), long before gmpscope's budget
timeout "$secs" bash -c "$limit"' exec "$0" check "$@"' "$GMPSCOPE" "$dir/outcome/self-spawn-memory.gmp" >"$tmp/out" 2>&1
rc=$?
if [[ $rc -ne 0 ]] || ! grep -qF '89-self-spawn-memory bug goroutines_peak == 871544 ... ok (871544)' "$tmp/out"; then
	echo "FAIL: self-spawn-memory: want exit 0 and the OOM kill (137) at 871544 goroutines; got exit $rc"
	cat "$tmp/out"
	fails=$((fails + 1))
else
	echo "ok: self-spawn in the default 2GiB machine is OOM-killed, exit_code 137 (check exits 0)"
fi

# 5. record gives up the same way: one line, exit 3, no output left behind
cd "$tmp" || exit 1
timeout "$secs" bash -c "$limit"' exec "$0" record "$@"' "$GMPSCOPE" --max-events 1000000 \
	--schedtrace "$tmp/st.txt" --cast "$tmp/c.cast" "$dir/sleep0-forever.gmp" >"$tmp/out" 2>"$tmp/err"
rc=$?
want="gmpscope: record: gave up after 1000000 events at t=999.979us; raise --max-events"
left=$(ls -A "$tmp" | grep -v -e '^out$' -e '^err$' -e '^diff$')
if [[ $rc -ne 3 || $(cat "$tmp/err") != "$want" || -s $tmp/out || -n $left ]]; then
	echo "FAIL: record past the budget: want exit 3, \"$want\", no file; got exit $rc: $(cat "$tmp/err") [$left]"
	fails=$((fails + 1))
else
	echo "ok: record past the budget -> exit 3, nothing left"
fi

if [[ $fails -ne 0 ]]; then
	echo "hostile.sh: $fails failed"
	exit 1
fi
echo "hostile.sh: all passed"
