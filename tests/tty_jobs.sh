#!/usr/bin/env bash
# tests/tty_jobs.sh — a long run never freezes the program, and no signal
# leaves the terminal broken or a recording's temporaries behind.
#
# tests/jobs/forever.gmp makes events for an hour of virtual time and never
# has a thread exit, so `g x` there searches (in slices, appstate_job.c) for
# far longer than any test. In tmux panes (read back with capture-pane):
#   - after half a second the footer shows the progress ("running until the
#     next M exit… t=…, N events");
#   - Esc cancels: "cancelled: back where it began", the header shows the time
#     it began at;
#   - q ends the program within a second; SIGTERM ends it with 143;
#   - SIGQUIT, SIGUSR1, SIGPIPE, SIGALRM (default action: die) end it with
#     128+n, the tty back in canonical mode with echo (stty), the alternate
#     screen left and the cursor shown;
# and, without tmux, `record` killed by SIGINT, SIGTERM or SIGHUP mid-run
# exits 130, 143 or 129 and leaves none of its hidden staging files
# (.NAME.XXXXXX) nor any output.
#
# Needs tmux for the pane tests (skipped with a message when absent).
# Usage: GMPSCOPE=build/gmpscope bash tests/tty_jobs.sh
set -u

GMPSCOPE=${GMPSCOPE:-build/gmpscope}
if [ ! -x "$GMPSCOPE" ]; then
	echo "tty_jobs: $GMPSCOPE is not built" >&2
	exit 1
fi
GMPSCOPE=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
ROOT=${GMPSCOPE_ROOT:-$(pwd)}
SCEN=$ROOT/tests/jobs/forever.gmp
tmp=$(mktemp -d)
fails=0

ok() { echo "tty_jobs: ok: $*"; }
bad() {
	echo "tty_jobs: FAIL: $*"
	fails=$((fails + 1))
}

# wait_file FILE [SECONDS]: until FILE exists and is not empty
wait_file() {
	local i n=$(( ${2:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		[[ -s $1 ]] && return 0
		sleep 0.1
	done
	return 1
}

# ---- record killed mid-run (no tmux needed) ------------------------------------
# job control on: a background job of a script would otherwise ignore SIGINT
set -m
for sig in INT TERM HUP; do
	d="$tmp/rec-$sig"
	mkdir -p "$d"
	(cd "$d" && exec timeout -s KILL 30 "$GMPSCOPE" record "$SCEN" --keys "g x" \
		--screens shots --cast out.cast --schedtrace st.txt 2>err) &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ $(ls -A "$d" | grep -c '^\.') -ge 3 ]] && break
		sleep 0.05
	done
	staged=$(ls -A "$d" | grep '^\.' | tr '\n' ' ')
	sleep 0.3
	# the child of timeout is the recorder
	rpid=$(pgrep -P "$pid" | head -1)
	kill -"$sig" "${rpid:-$pid}"
	wait "$pid"
	rc=$?
	want=$((128 + $(kill -l "$sig")))
	left=$(ls -A "$d" | grep -v '^err$' | tr '\n' ' ')
	if [[ -z $staged ]]; then
		bad "record SIG$sig: no staging file appeared ($(head -2 "$d/err"))"
	elif [[ $rc -ne $want ]]; then
		bad "record SIG$sig: exit status $rc, want $want"
	elif [[ -n $left ]]; then
		bad "record SIG$sig: left behind: $left"
	else
		ok "record SIG$sig: exit $rc, staged ${staged% } removed"
	fi
done
set +m

if ! command -v tmux >/dev/null 2>&1; then
	echo "tty_jobs: tmux is not installed: terminal tests skipped"
	rm -rf "$tmp"
	echo "tty_jobs: $fails failure(s)"
	[[ $fails -eq 0 ]]
	exit
fi

sock="gmpscope-jobs-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

utf8=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || utf8=""
UTF=${utf8:+LANG=$utf8 LC_ALL=$utf8}

screen() { tm capture-pane -p -t "$1"; }
# wait_for SESSION TEXT [SECONDS]: poll the pane until TEXT shows up
wait_for() {
	local i n=$(( ${3:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
# shown_time SESSION: the virtual time in the header ("t=2.558µs")
shown_time() { screen "$1" | head -1 | grep -o 't=[0-9.]*[nµum]*s' | head -1; }

# start SESSION: run gmpscope on the forever scenario in a new 160x48 pane; when
# it ends the pane's shell writes its exit status to $tmp/SESSION.rc and the
# tty modes (icanon, echo) to $tmp/SESSION.stty. Its pid is in $tmp/SESSION.pid.
start() {
	local s=$1
	rm -f "$tmp/$s".*
	tm new-session -d -s "$s" -x 160 -y 48 \
		"sh -c 'ulimit -c 0; echo \$\$ >$tmp/$s.pid; exec env TERM=xterm-256color $UTF \"$GMPSCOPE\" \"$SCEN\" 2>$tmp/$s.err'; echo \$? >$tmp/$s.rc; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' ' >$tmp/$s.stty; sleep 60"
	wait_for "$s" "Processors" 10 && wait_file "$tmp/$s.pid" 2
}
# finished SESSION WANT_RC WHAT: the program exited with WANT_RC, left the
# alternate screen, shows the cursor, and the tty is canonical with echo
finished() {
	local s=$1 want=$2 what=$3
	if ! wait_file "$tmp/$s.rc" 5; then
		bad "$what: gmpscope did not exit"
		return
	fi
	wait_file "$tmp/$s.stty" 3
	local rc modes alt cur
	rc=$(cat "$tmp/$s.rc")
	modes=" $(cat "$tmp/$s.stty" 2>/dev/null) "
	alt=$(tm display-message -p -t "$s" '#{alternate_on}')
	cur=$(tm display-message -p -t "$s" '#{cursor_flag}')
	if [[ $rc != "$want" ]]; then
		bad "$what: exit status $rc, want $want ($(head -2 "$tmp/$s.err"))"
	elif [[ $modes != *" icanon "* || $modes != *" echo "* ]]; then
		bad "$what: tty not restored (stty:$modes)"
	elif [[ $alt != 0 ]]; then
		bad "$what: still on the alternate screen"
	elif [[ $cur != 1 ]]; then
		bad "$what: the cursor is still hidden"
	else
		ok "$what: exit $rc, tty restored (${modes# }), alternate screen left, cursor shown"
	fi
}
# searching SESSION: type `g x` and wait for the progress line
searching() {
	tm send-keys -t "$1" g x
	wait_for "$1" "running until the next M exit" 3
}

# ---- Esc cancels back to where the search began -------------------------------------
if start esc; then
	tm send-keys -t esc n n n
	sleep 0.3
	t0=$(shown_time esc)
	if searching esc; then
		progress=$(screen esc | grep -o 'running until the next M exit[^E]*')
		tm send-keys -t esc Escape
		if wait_for esc "cancelled: back where it began" 2 && [[ $(shown_time esc) == "$t0" ]]; then
			ok "Esc: progress \"${progress% }\", cancelled, back at $t0"
		else
			bad "Esc: not back at $t0 (shows $(shown_time esc)): $(screen esc | tail -1)"
		fi
	else
		bad "Esc: no progress line after g x: $(screen esc | tail -1)"
	fi
	tm send-keys -t esc q
	finished esc 0 "q after Esc"
else
	bad "Esc: the main screen did not appear ($(cat "$tmp/esc.err" 2>/dev/null))"
fi

# ---- q during the search ------------------------------------------------------------------
if start quit && searching quit; then
	t0=$(date +%s%N)
	tm send-keys -t quit q
	wait_file "$tmp/quit.rc" 3
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if [[ $ms -le 1000 ]]; then
		ok "q during g x: ended after ${ms} ms"
	else
		bad "q during g x: took ${ms} ms"
	fi
	finished quit 0 "q during g x"
else
	bad "q: no search under way ($(cat "$tmp/quit.err" 2>/dev/null))"
fi

# ---- signals during the search: SIGTERM is handled, the others are fatal --------------
for sig in TERM QUIT USR1 PIPE ALRM; do
	s="sig$sig"
	if start "$s" && searching "$s"; then
		[[ $(tm display-message -p -t "$s" '#{alternate_on}') == 1 ]] ||
			bad "SIG$sig: gmpscope is not on the alternate screen"
		kill -"$sig" "$(cat "$tmp/$s.pid")"
		finished "$s" "$((128 + $(kill -l "$sig")))" "SIG$sig during g x"
	else
		bad "SIG$sig: no search under way ($(cat "$tmp/$s.err" 2>/dev/null))"
	fi
done

echo "tty_jobs: $fails failure(s)"
[[ $fails -eq 0 ]]
