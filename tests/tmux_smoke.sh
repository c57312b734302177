#!/usr/bin/env bash
# tests/tmux_smoke.sh — the terminal smoke test: run the real TUI in a tmux
# pane and read the screen back with capture-pane.
#
# Scenario 03 (LockOSThread leak): in the bug variant the "created N" thread
# counter must keep growing while playing; in the fix variant it must settle.
# Then the pane is resized (a smaller layout, the "too small" message, back),
# q quits, and the exit status must be 0 with the terminal left sane (canonical
# mode and echo back on).
#
# Needs tmux (skipped with a message when absent). SCons scrubs the
# environment, so TERM and the locale are set explicitly inside tmux.
# Usage: GMPSCOPE=build/gmpscope bash tests/tmux_smoke.sh
set -u

GMPSCOPE=${GMPSCOPE:-build/gmpscope}
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux_smoke: tmux is not installed: skipped"
	exit 0
fi
if [ ! -x "$GMPSCOPE" ]; then
	echo "tmux_smoke: $GMPSCOPE is not built" >&2
	exit 1
fi
GMPSCOPE=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")

sock="gmpscope-smoke-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; }
trap cleanup EXIT

fail() {
	echo "tmux_smoke: FAIL: $*" >&2
	echo "---- screen ----" >&2
	tm capture-pane -p -t smoke >&2 2>/dev/null
	exit 1
}

screen() { tm capture-pane -p -t smoke; }

# wait_for TEXT [SECONDS]: poll the pane until TEXT shows up
wait_for() {
	local i n=$(( ${2:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# created: the "created N" counter of the Threads panel
created() { screen | grep -o 'created [0-9]*' | head -1 | awk '{print $2}'; }

loc=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || loc=C
tm new-session -d -s smoke -x 160 -y 48 \
	"env TERM=xterm-256color LANG=$loc LC_ALL=$loc '$GMPSCOPE' 3; echo \"EXIT=\$?\"; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '; echo; sleep 60"

wait_for "Threads (M)" 10 || fail "the main screen did not appear"
wait_for "[BUG 1/4]" 2 || fail "no BUG badge in the header"
screen | grep -qF "paused" || fail "the program must start paused"

# bug: play; the created counter grows
tm send-keys -t smoke space
sleep 1.5
c1=$(created)
sleep 2
c2=$(created)
[ -n "$c1" ] && [ -n "$c2" ] || fail "no thread counter on screen"
[ "$c2" -gt "$c1" ] || fail "bug: threads created did not grow ($c1 -> $c2)"
echo "tmux_smoke: bug variant: threads created $c1 -> $c2"

# fix: next variant restarts paused; play; the counter settles
tm send-keys -t smoke v
wait_for "[FIX 2/4]" 3 || fail "v did not switch to the fix variant"
tm send-keys -t smoke space
sleep 3   # warm-up: the first batches create the threads the fix then reuses
f1=$(created)
sleep 2
f2=$(created)
[ -n "$f1" ] && [ -n "$f2" ] || fail "no thread counter on screen (fix)"
[ $((f2 - f1)) -le 1 ] || fail "fix: threads created still growing ($f1 -> $f2)"
[ $((c2 - c1)) -gt $((f2 - f1 + 3)) ] || fail "bug churn ($c1 -> $c2) not clearly above fix ($f1 -> $f2)"
echo "tmux_smoke: fix variant: threads created $f1 -> $f2"
tm send-keys -t smoke space

# resize: a smaller layout, then too small, then back
tm resize-window -t smoke -x 100 -y 30
wait_for "Processors" 3 || fail "no Processors panel at 100x30"
tm resize-window -t smoke -x 70 -y 20
wait_for "terminal too small" 3 || fail "no 'too small' message at 70x20"
tm resize-window -t smoke -x 160 -y 48
wait_for "Processors" 3 || fail "did not recover at 160x48"

# help overlay, then quit
tm send-keys -t smoke '?'
wait_for "Help" 3 || fail "? did not open the help"
tm send-keys -t smoke Escape
sleep 0.3
tm send-keys -t smoke q
wait_for "EXIT=" 5 || fail "q did not quit"
screen | grep -qF "EXIT=0" || fail "exit status is not 0"
wait_for "icanon" 5   # stty prints just after EXIT=
modes=$(screen | grep -E '(^| )-?icanon' | tail -1)
echo " $modes " | grep -q ' icanon ' || fail "terminal not restored: no icanon (stty: $modes)"
echo " $modes " | grep -q ' echo ' || fail "terminal not restored: no echo (stty: $modes)"
echo "tmux_smoke: ok"
