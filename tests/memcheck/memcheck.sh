#!/usr/bin/env bash
# tests/memcheck/memcheck.sh — gmpscope under valgrind: no invalid access, no
# use of uninitialised memory, no definite leak, on every path CI can drive.
#
# Runs `gmpscope list`, `metrics`, `check` (every scenario, every variant) and,
# for every scenario, one `record` writing every kind of output (screenshots,
# asciicast, schedtrace with detail, Chrome trace) with a key script, into a
# temporary directory, and the interactive program in a tmux pane (when tmux
# is there), each under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite
# A valgrind error makes valgrind exit 97, which fails this script with the
# report above it. `check` may exit 1 (an expectation failed: check_all.sh in
# `scons test` reports that); any other exit status fails, as does a record
# that does not exit 0.
# Usage: scons memcheck   (or GMPSCOPE=build/gmpscope bash tests/memcheck/memcheck.sh)
set -u
GMPSCOPE=${GMPSCOPE:-build/gmpscope}
ROOT=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v valgrind >/dev/null 2>&1; then
	echo "memcheck: valgrind is not installed (sudo apt-get install -y valgrind)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 runs=0

# vg ALLOWED_STATUSES NAME ARGS...: run gmpscope ARGS under valgrind
vg() {
	local allowed=$1 name=$2
	shift 2
	runs=$((runs + 1))
	valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --track-origins=yes --log-file="$tmp/vg.log" \
		"$GMPSCOPE" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [[ $rc -eq 97 || -s $tmp/vg.log ]]; then
		echo "memcheck: FAIL: $name: valgrind reports errors:"
		cat "$tmp/vg.log"
		fails=$((fails + 1))
	elif [[ " $allowed " != *" $rc "* ]]; then
		echo "memcheck: FAIL: $name: exit status $rc (want $allowed)"
		tail -5 "$tmp/err"
		fails=$((fails + 1))
	else
		echo "memcheck: ok: $name (exit $rc)"
	fi
}

vg 0 "list" list
vg 0 "metrics" metrics
vg "0 1" "check" check
for f in "$ROOT"/scenarios/[0-9]*.gmp; do
	n=$(basename "$f" .gmp)
	out="$tmp/$n"
	mkdir -p "$out"
	vg 0 "record $n" record "$f" --until 50ms --size 120x40 --screens "$out/screens" \
		--at 10ms,30ms --cast "$out/x.cast" --schedtrace "$out/st.txt:5ms" --schedtrace-detail \
		--trace-json "$out/trace.json" --keys "space 10ms n n b g s e v ? esc tab j 5ms r space"
	rm -rf "$out"
done
# The interactive program too, in a tmux pane: play, step, overlays, the
# picker opening another scenario, the next variant, a resize, quit.
if command -v tmux >/dev/null 2>&1; then
	sock="gmpscope-memcheck-$$"
	tm() { tmux -L "$sock" -f /dev/null "$@"; }
	runs=$((runs + 1))
	tm new-session -d -s vg -x 160 -y 48 "env TERM=xterm-256color LANG=C.UTF-8 valgrind -q \
		--error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --log-file=$tmp/tui.log '$GMPSCOPE' 3; echo \$? >$tmp/tui.rc; sleep 60"
	keys() { tm send-keys -t vg "$@"; sleep "${pause:-1}"; }
	sleep 10   # valgrind starts slowly
	pause=3 keys space
	keys n n n b e
	keys e '?'
	keys Escape
	pause=2 keys s
	pause=3 keys Down Enter
	pause=3 keys v space
	tm resize-window -t vg -x 60 -y 20; sleep 1
	tm resize-window -t vg -x 160 -y 48; sleep 1
	keys q
	for ((i = 0; i < 300; i++)); do
		[[ -s $tmp/tui.rc ]] && break
		sleep 0.1
	done
	rc=$(cat "$tmp/tui.rc" 2>/dev/null)
	if [[ $rc == 97 || -s $tmp/tui.log ]]; then
		echo "memcheck: FAIL: interactive: valgrind reports errors:"
		cat "$tmp/tui.log"
		fails=$((fails + 1))
	elif [[ $rc != 0 ]]; then
		echo "memcheck: FAIL: interactive: exit status ${rc:-none (still running)}"
		fails=$((fails + 1))
	else
		echo "memcheck: ok: interactive (play, step, overlays, picker, variant, resize, quit)"
	fi
	tm kill-server >/dev/null 2>&1
else
	echo "memcheck: tmux is not installed: the interactive run is skipped"
fi

echo "memcheck: $runs run(s) under valgrind, $fails failure(s)"
[[ $fails -eq 0 ]]
