#!/usr/bin/env bash
# tests/record_real.sh — `gmpscope record --replay FILE` and `record --real
# -- PROGRAM` (issue 23, point 4): the real runtime as casts and screenshots.
#   - the fixture log (tests/replay/blockread-detail.log: threads 3, 139,
#     202, 203 at 0, 103, 203, 312 ms) gives a cast of 4 frames at the log's
#     times and screenshots at --at times (the last snapshot at or before
#     each) and at the end; two recordings are byte-identical
#   - a program that prints no schedtrace: one line, exit 2, no output file
#   - (release build, with go) tests/real/blockread recorded live for 600ms
#     of wall time: its end screen shows its threads, it was stopped with
#     SIGTERM, and no process of it is left
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "record_real: FAIL: $*"; exit 1; }
log=$root/tests/replay/blockread-detail.log

for i in 1 2; do
	"$GMPSCOPE" record --replay "$log" --size 120x40 --cast "$tmp/$i.cast" --screens "$tmp/s$i" \
		--at 0ms,150ms,1s 2>"$tmp/err" || fail "record --replay: $(cat "$tmp/err")"
done
cmp -s "$tmp/1.cast" "$tmp/2.cast" || fail "two recordings of one log differ"
diff -r "$tmp/s1" "$tmp/s2" >/dev/null || fail "two sets of screenshots differ"
times=$(awk -F'[[,]' 'NR > 1 { printf "%s ", $2 }' "$tmp/1.cast")
[[ $times == "0.000000 0.103000 0.203000 0.312000 " ]] || fail "cast frame times: $times"
for pair in t0000ms:3 t0150ms:139 t1000ms:203 end:203; do
	f=${pair%:*} want=${pair#*:}
	[[ -f $tmp/s1/$f.txt && -f $tmp/s1/$f.svg ]] || fail "no $f.txt/.svg"
	grep -q "Threads (M)  threads=$want " "$tmp/s1/$f.txt" || fail "$f: not threads=$want"
done
grep -q 'M17 G14' "$tmp/s1/t0150ms.txt" || fail "t0150ms: no M17 running G14"

rc=0
"$GMPSCOPE" record --real --until 5s --cast "$tmp/none.cast" -- /bin/false 2>"$tmp/err" || rc=$?
[[ $rc -eq 2 && $(wc -l <"$tmp/err") -eq 1 && ! -e $tmp/none.cast ]] || fail "record --real /bin/false: rc $rc, $(cat "$tmp/err")"
grep -q '^gmpscope: record: /bin/false exited with status 1 without printing any schedtrace' "$tmp/err" ||
	fail "message: $(cat "$tmp/err")"

if ! command -v go >/dev/null 2>&1; then
	echo "record_real: the live part skipped: go is missing (sudo apt-get install -y golang-go)"
	exit 0
fi
if [[ -n ${BUILD_DIR:-} && $(basename "$BUILD_DIR") != build ]]; then
	echo "record_real: the live part skipped in $(basename "$BUILD_DIR") (release build only)"
	exit 0
fi
# go needs a build cache; without HOME (a bare CI environment) it has none
[[ -n ${HOME:-}${GOCACHE:-}${XDG_CACHE_HOME:-} ]] || export GOCACHE="$tmp/gocache"
(cd "$root/tests/real" && go build -o "$tmp/blockread" ./blockread) || fail "go build blockread"
"$GMPSCOPE" record --real --interval 50ms --until 600ms --screens "$tmp/live" -- "$tmp/blockread" -hold 20s \
	2>"$tmp/err" || fail "record --real: $(cat "$tmp/err")"
grep -q 'blockread killed by signal 15 (Terminated); [0-9]* snapshots$' "$tmp/err" || fail "status: $(cat "$tmp/err")"
grep -q 'Threads (M)  threads=[0-9]' "$tmp/live/end.txt" || fail "no threads in end.txt"
pgrep -f "^$tmp/blockread" >/dev/null && fail "blockread is still running"
echo "record_real: replay cast and screenshots exact and deterministic; live recording stopped and reaped"
