#!/usr/bin/env bash
# tests/bench/bench_tui.sh — the CPU figures of `scons bench`, measured on the
# real interactive program in tmux:
#   idle_cpu_pct   CPU used while paused (the start state) for 10 s
#   play_cpu_pct   CPU used while playing at the default speed and frame rate
#                  for 10 s
#   compare_idle_cpu_pct  CPU used while paused in compare mode (`c`, then
#                  `]` to the first moment: both runs drawn) for 10 s
# both in % of one core: utime+stime from /proc/PID/stat of `gmpscope 3`
# (scenario 03 plays for 30 s at its default speed, so it is still playing at
# the end), over the measured wall interval. Three instances run side by side
# in one tmux server at 200x50; the figure is their median. Prints
# "name value unit" lines like gmpscope-bench; a missed target adds a line on
# stderr. Skipped (with a note on stderr) when tmux is absent.
# Usage: GMPSCOPE=build/gmpscope bash tests/bench/bench_tui.sh
set -u

GMPSCOPE=${GMPSCOPE:-build/gmpscope}
SECS=${BENCH_SECS:-10}
N=3
if ! command -v tmux >/dev/null 2>&1; then
	echo "bench_tui: tmux is not installed: idle_cpu_pct and play_cpu_pct skipped" >&2
	exit 0
fi
if [ ! -x "$GMPSCOPE" ]; then
	echo "bench_tui: $GMPSCOPE is not built" >&2
	exit 1
fi
GMPSCOPE=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
HZ=$(getconf CLK_TCK)

sock="gmpscope-bench-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; }
trap cleanup EXIT

fail() {
	echo "bench_tui: $*" >&2
	exit 1
}

loc=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || loc=C

# wait_for SESSION TEXT: poll the pane until TEXT shows up (10 s at most)
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		tm capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# ticks PID: utime + stime of PID in clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

now() { date +%s.%N; }

pids=()
for ((k = 0; k < N; k++)); do
	tm new-session -d -s "b$k" -x 200 -y 50 \
		"exec env TERM=xterm-256color LANG=$loc LC_ALL=$loc '$GMPSCOPE' 3"
done
for ((k = 0; k < N; k++)); do
	wait_for "b$k" "Threads (M)" || fail "the main screen of instance $k did not appear"
	pid=$(tm display-message -p -t "b$k" '#{pane_pid}')
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "gmpscope" ] || fail "pane $k does not run gmpscope"
	pids+=("$pid")
done

# measure NAME: CPU of every instance over SECS seconds; prints the median
measure() {
	local t0 t1 k
	local -a a b
	sleep 1   # let the last redraw (start-up, or the key just sent) settle
	t0=$(now)
	for ((k = 0; k < N; k++)); do a[k]=$(ticks "${pids[k]}"); done
	sleep "$SECS"
	for ((k = 0; k < N; k++)); do b[k]=$(ticks "${pids[k]}"); done
	t1=$(now)
	for ((k = 0; k < N; k++)); do
		echo "${a[k]} ${b[k]} $t0 $t1"
	done | awk -v hz="$HZ" '{ print ($2 - $1) / hz / ($4 - $3) * 100 }' | sort -g |
		awk '{ v[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

idle=$(measure)
echo "idle_cpu_pct $idle %"
for ((k = 0; k < N; k++)); do tm send-keys -t "b$k" space; done
play=$(measure)
for ((k = 0; k < N; k++)); do
	tm capture-pane -p -t "b$k" | grep -qF "paused" &&
		echo "bench_tui: note: instance $k is paused again (the run ended early?)" >&2
done
echo "play_cpu_pct $play %"

for ((k = 0; k < N; k++)); do tm send-keys -t "b$k" space r c ']'; done
for ((k = 0; k < N; k++)); do wait_for "b$k" "[FIX]" || fail "compare mode did not open in instance $k"; done
cidle=$(measure)
echo "compare_idle_cpu_pct $cidle %"
awk -v v="$cidle" 'BEGIN { exit !(v > 0.0) }' && echo "bench: compare_idle_cpu_pct misses its target (<= 0.0 %)" >&2
awk -v v="$idle" 'BEGIN { exit !(v > 0.0) }' && echo "bench: idle_cpu_pct misses its target (<= 0.0 %)" >&2
awk -v v="$play" 'BEGIN { exit !(v > 5.0) }' && echo "bench: play_cpu_pct misses its target (<= 5 %)" >&2
for ((k = 0; k < N; k++)); do tm send-keys -t "b$k" q; done
exit 0
