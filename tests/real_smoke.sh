#!/usr/bin/env bash
# tests/real_smoke.sh — the real Go programs of the scenarios (scenarios/real/)
# cannot rot: `go vet` and `go build` every one, then run scenario 09's bug
# (goroutines blocked in read(2)) end to end under
# GODEBUG=schedtrace=10,scheddetail=1 and check the structure of what the
# runtime prints, not its timing:
#   - SCHED lines with gomaxprocs= idleprocs= threads= fields, and P, M and G
#     detail lines (scheddetail=1)
#   - the thread count rises (blocked readers hold their threads): the
#     largest threads= is at least 10 above the first one (scheddetail's
#     stop-the-world every 10 ms slows the program, so how far it rises
#     depends on the machine: 29 to 190 seen on a loaded 2-CPU host)
#   - the program prints its RESULT line and exits 0, and the child is reaped
#     (no process of its group is left)
# Skipped (exit 0, one line) where `go` is missing, or in a sanitizer or debug
# build (BUILD_DIR other than build/): it tests the Go programs, not gmpscope.
set -uo pipefail
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
if ! command -v go >/dev/null 2>&1; then
	echo "real_smoke: skipped: go is missing (sudo apt-get install -y golang-go)"
	exit 0
fi
if [[ -n ${BUILD_DIR:-} && $(basename "$BUILD_DIR") != build ]]; then
	echo "real_smoke: skipped in $(basename "$BUILD_DIR") (release build only)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "real_smoke: FAIL: $*"; exit 1; }

cd "$root/scenarios/real" || fail "no scenarios/real"
# go needs a build cache; without HOME (a bare CI environment) it has none
[[ -n ${HOME:-}${GOCACHE:-}${XDG_CACHE_HOME:-} ]] || export GOCACHE="$tmp/gocache"
CGO_ENABLED=1 go vet -p 1 ./... || fail "go vet"
CGO_ENABLED=1 go build -p 1 -o "$tmp/" ./... || fail "go build"
n=$(find "$tmp" -maxdepth 1 -type f -perm -u+x | wc -l)
want=$(find . -maxdepth 2 -name main.go | wc -l)
[[ $n -eq $want ]] || fail "built $n programs, expected $want"

# Run 09's bug in the background in its own process group, then wait for it.
GODEBUG=schedtrace=10,scheddetail=1 setsid timeout -k 2 30 "$tmp/09-blocking-file-io" -variant bug \
	>"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
wait "$pid"
rc=$?
[[ $rc -eq 0 ]] || fail "09-blocking-file-io exited $rc"
kill -0 "$pid" 2>/dev/null && fail "the child $pid is still there"
pgrep -g "$pid" >/dev/null 2>&1 && fail "processes of group $pid are left"
grep -q '^RESULT variant=bug threads_peak=[0-9]* ' "$tmp/out" || fail "no RESULT line: $(cat "$tmp/out")"

awk '
	/^SCHED [0-9]+ms: gomaxprocs=[0-9]+ idleprocs=[0-9]+ threads=[0-9]+ / {
		sched++
		for (i = 1; i <= NF; i++) if ($i ~ /^threads=/) { t = substr($i, 9) + 0 }
		if (sched == 1) first = t
		if (t > peak) peak = t
	}
	/^  P[0-9]+: status=[0-9]+ / { p++ }
	/^  M[0-9]+: p=-?[0-9]+ / { m++ }
	/^  G[0-9]+: status=[0-9]+/ { g++ }
	END {
		printf "real_smoke: %d SCHED snapshots, %d P, %d M, %d G lines; threads %d -> peak %d\n", sched, p, m, g, first, peak
		if (sched < 3) { print "real_smoke: FAIL: fewer than 3 SCHED lines"; exit 1 }
		if (p < sched || m < sched || g < sched) { print "real_smoke: FAIL: P/M/G detail lines missing"; exit 1 }
		if (peak < first + 10) { print "real_smoke: FAIL: threads did not rise"; exit 1 }
	}' "$tmp/err" || exit 1
echo "real_smoke: ok ($n programs built and vetted)"
