#!/usr/bin/env bash
# tests/real_tui.sh — `gmpscope replay` and `gmpscope real` in a tmux pane
# (issue 23), read back with capture-pane:
#   - replay of tests/replay/blockread-detail.log: → twice shows threads=202
#     (past 200) with Ms by id and Gs with wait reasons; ← steps back to
#     threads=139; q exits 0
#   - real -- /bin/false: a program that exits at once gets one clear status
#     line; q exits 1 (the program's own status) and the terminal is sane
#   - real --interval 50ms -- blockread (tests/real/blockread, built here):
#     live snapshots until the live thread count passes 200; ← steps back
#     while it runs; q sends SIGTERM to its group: the status shows signal 15,
#     and no process of the group is left (ps)
#   - compare: scenario 09's simulated bug beside its real program
#     (scenarios/real/09-blocking-file-io, built here), stepped
# Skipped (exit 0, one line) without tmux; the part that builds and runs Go
# is skipped without `go` and outside the release build (BUILD_DIR build/).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
if ! command -v tmux >/dev/null 2>&1; then
	echo "real_tui: tmux is not installed: skipped"
	exit 0
fi
tmp=$(mktemp -d)
sock="gmpscope-real-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() {   # the screen first, then the reason: a CI log is read from its end
	tm capture-pane -p -t "$cur" 2>/dev/null | grep -v '^ *$' | tail -30 >&2
	echo "real_tui: FAIL: $*" >&2
	exit 1
}
screen() { tm capture-pane -p -t "$cur"; }
wait_for() {   # wait_for TEXT [SECONDS]: generous bounds, a loaded CI machine is slow
	local i n=$(( ${2:-30} * 10 ))
	for ((i = 0; i < n; i++)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
loc=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || loc=C
# Each start makes a new session before it kills the last one: killing the
# server's only session makes it exit, and a new-session racing that exit can
# be lost ("no server running").
cur=rt0
start() {   # start ARGS...: gmpscope ARGS in a fresh pane
	local old=$cur
	cur=rt$(( ${cur#rt} + 1 ))
	tm new-session -d -s "$cur" -x 160 -y 48 \
		"cd '$root'; env TERM=xterm-256color LANG=$loc LC_ALL=$loc '$GMPSCOPE' $*; echo \"EXIT=\$?\"; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '; echo; sleep 60"
	tm kill-session -t "$old" >/dev/null 2>&1
}
sane() {   # the stty line comes just after EXIT=: wait for it too
	wait_for "EXIT=$1" 30 || fail "no EXIT=$1"
	local i
	for ((i = 0; i < 100; i++)); do
		screen | grep -qE '^-?icanon' && break
		sleep 0.1
	done
	screen | grep -q '^icanon echo' || fail "terminal not restored"
}

start replay tests/replay/blockread-detail.log
wait_for "snapshot 1/4" 20 || fail "replay did not start"
tm send-keys -t "$cur" Right Right
wait_for "Threads (M)  threads=202" 15 || fail "no threads=202 at the third snapshot"
screen | grep -qF "M17 G14" || fail "no M17 running G14"
screen | grep -qF "G1 sleep" || fail "no wait reason for G1"
tm send-keys -t "$cur" Left
wait_for "Threads (M)  threads=139" 15 || fail "← did not step back"
tm send-keys -t "$cur" q
sane 0

start real -- /bin/false
wait_for "/bin/false exited with status 1 before printing any schedtrace" 20 || fail "no status for /bin/false"
tm send-keys -t "$cur" q
sane 1   # the program's own status

if ! command -v go >/dev/null 2>&1; then
	echo "real_tui: the live part skipped: go is missing (sudo apt-get install -y golang-go)"
	exit 0
fi
if [[ -n ${BUILD_DIR:-} && $(basename "$BUILD_DIR") != build ]]; then
	echo "real_tui: the live part skipped in $(basename "$BUILD_DIR") (release build only)"
	exit 0
fi
# go needs a build cache; without HOME (a bare CI environment) it has none
[[ -n ${HOME:-}${GOCACHE:-}${XDG_CACHE_HOME:-} ]] || export GOCACHE="$tmp/gocache"
(cd "$root/tests/real" && go build -o "$tmp/blockread" ./blockread 2>&1) || fail "go build blockread"
start real --interval 50ms -- "$tmp/blockread" -hold 20s
for ((i = 0; i < 300; i++)); do
	screen | grep -qE 'snapshot ([2-9]|[1-9][0-9]+)/' && break
	sleep 0.1
done
screen | grep -qE 'snapshot ([2-9]|[1-9][0-9]+)/' || fail "no live snapshots"
for ((i = 0; i < 600; i++)); do
	n=$(screen | grep -o 'Threads (M)  threads=[0-9]*' | grep -o '[0-9]*$')
	[[ -n $n && $n -gt 200 ]] && break
	sleep 0.1
done
[[ -n $n && $n -gt 200 ]] || fail "the live thread count did not pass 200 (last $n)"
pid=$(pgrep -f "^$tmp/blockread" | head -1)
[[ -n $pid ]] || fail "the child is not running"
[[ $(ps -o pgid= "$pid" | tr -d ' ') == "$pid" ]] || fail "the child is not its own process group"
tm send-keys -t "$cur" Left Left
for ((i = 0; i < 150; i++)); do   # new snapshots keep coming; the one shown stays behind them
	pos=$(screen | grep -o 'snapshot [0-9]*/[0-9]*' | head -1)
	k=${pos#snapshot }; k=${k%/*}; total=${pos#*/}
	[[ -n $pos && $k -lt $total ]] && break
	sleep 0.1
done
[[ -n $pos && $k -lt $total ]] || fail "← did not step back in a live run ($pos)"
tm send-keys -t "$cur" q
sane 0
screen | grep -qF "killed by signal 15 (Terminated)" || fail "q did not stop the child with SIGTERM"
left=$(ps -e -o pgid=,stat= | awk -v g="$pid" '$1 == g && $2 !~ /^Z/' | wc -l)
[[ $left -eq 0 ]] || fail "$left process(es) of group $pid left"

# compare (issue 24.2): scenario 09's simulated bug beside its real run
(cd "$root/scenarios/real" && go build -o "$tmp/09" ./09-blocking-file-io 2>&1) || fail "go build 09"
start real --interval 10ms --scenario 09 --variant bug -- "$tmp/09" -variant bug
wait_for "SIM  09-blocking-file-io bug    REAL  real $tmp/09" 30 || fail "no compare header"
wait_for "$tmp/09 exited with status 0" 90 || fail "09 did not finish"
last=$(screen | grep -o 'snapshot [0-9]*/[0-9]*' | head -1)
total=${last#*/}
tm send-keys -t "$cur" Left Left
wait_for "snapshot $((total - 2))/$total" 15 || fail "← did not step back in compare ($last)"
screen | grep -q "│ threads  *[0-9][0-9]* *[0-9][0-9]* " || fail "no SIM | REAL threads row"
screen | grep -q "│ REAL: [a-z]" || fail "no real caption"
tm send-keys -t "$cur" q
sane 0
pgrep -f "^$tmp/09" >/dev/null && fail "09 is still running"
echo "real_tui: replay steps through 4 snapshots, real showed $n threads live, q left no process; compare 09 bug sim | real"
