#!/usr/bin/env bash
# tests/tty_robust.sh — the terminal never ends up broken, whatever happens to it.
#
# In tmux panes (read back with capture-pane), the real TUI must survive:
#   - a resize storm (sizes from 1x1 to 300x100, twice as fast as frames),
#     showing "terminal too small: need 80x24" below 80x24 and recovering;
#   - TERM=dumb and an unknown TERM: one clear line on stderr, exit 2;
#   - LANG=C: ASCII drawing only (no UTF-8 box or block characters on screen);
#   - NO_COLOR: no colour in any cell (bold/reverse are fine);
#   - SIGTERM, SIGINT, SIGHUP while playing: the alternate screen is left and
#     the tty is back in canonical mode with echo (stty);
# and, without tmux, stdin or stdout not a terminal (a file, closed stdin):
# one clear line pointing to check/record, exit 2.
#
# Needs tmux for the pane tests (skipped with a message when absent). SCons
# scrubs the environment, so TERM and the locale are set inside tmux.
# Usage: GMPSCOPE=build/gmpscope bash tests/tty_robust.sh
set -u

GMPSCOPE=${GMPSCOPE:-build/gmpscope}
if [ ! -x "$GMPSCOPE" ]; then
	echo "tty_robust: $GMPSCOPE is not built" >&2
	exit 1
fi
GMPSCOPE=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
tmp=$(mktemp -d)
fails=0
resizes=0

ok() { echo "tty_robust: ok: $*"; }
bad() {
	echo "tty_robust: FAIL: $*"
	fails=$((fails + 1))
}

# one_line FILE: exactly one non-empty line
one_line() { [[ -s $1 && $(wc -l <"$1") -eq 1 ]]; }

# ---- no terminal on stdin or stdout (no tmux needed) ---------------------------
# want: exit 2, one line on stderr naming check and record, nothing on stdout
no_tty() {
	local what=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [[ $rc -ne 2 ]] || ! one_line "$tmp/err" || ! grep -q 'check' "$tmp/err" ||
		! grep -q 'record' "$tmp/err"; then
		bad "$what: want exit 2 and one line naming check/record; got exit $rc: $(head -3 "$tmp/err")"
	elif [[ $what != *stdout* && -s $tmp/out ]]; then
		bad "$what: wrote to stdout"
	else
		ok "$what -> exit 2: $(cat "$tmp/err")"
	fi
}
no_tty "stdin from /dev/null" "$GMPSCOPE" 3 </dev/null
no_tty "stdin closed" "$GMPSCOPE" 3 <&-
no_tty "picker, stdin from a pipe" sh -c "echo q | '$GMPSCOPE'"
no_tty "stdout to a file" sh -c "'$GMPSCOPE' 3 >'$tmp/stdout.txt'"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tty_robust: tmux is not installed: terminal tests skipped"
	rm -rf "$tmp"
	echo "tty_robust: $fails failure(s)"
	[[ $fails -eq 0 ]]
	exit
fi

sock="gmpscope-robust-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

utf8=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || utf8=""

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
# wait_file FILE [SECONDS]: until FILE exists and is not empty
wait_file() {
	local i n=$(( ${2:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		[[ -s $1 ]] && return 0
		sleep 0.1
	done
	return 1
}

# start SESSION COLS ROWS ENV...: run gmpscope 3 in a new pane with ENV; when it
# ends, the pane's shell writes its exit status to $tmp/SESSION.rc and the tty
# modes (icanon, echo) to $tmp/SESSION.stty. Its pid is in $tmp/SESSION.pid.
start() {
	local s=$1 cols=$2 rows=$3
	shift 3
	rm -f "$tmp/$s".*
	tm new-session -d -s "$s" -x "$cols" -y "$rows" \
		"sh -c 'echo \$\$ >$tmp/$s.pid; exec env $LSAN $* \"$GMPSCOPE\" 3 2>$tmp/$s.err'; echo \$? >$tmp/$s.rc; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' ' >$tmp/$s.stty; sleep 60"
}
# finished SESSION WANT_RC: the program exited with WANT_RC (a list), left the
# alternate screen, and the tty is canonical with echo
finished() {
	local s=$1 want=$2 what=$3
	if ! wait_file "$tmp/$s.rc" 5; then
		bad "$what: gmpscope did not exit"
		return
	fi
	wait_file "$tmp/$s.stty" 3
	local rc modes alt
	rc=$(cat "$tmp/$s.rc")
	modes=" $(cat "$tmp/$s.stty" 2>/dev/null) "
	alt=$(tm display-message -p -t "$s" '#{alternate_on}')
	if [[ " $want " != *" $rc "* ]]; then
		bad "$what: exit status $rc, want $want ($(head -2 "$tmp/$s.err"))"
	elif [[ $modes != *" icanon "* || $modes != *" echo "* ]]; then
		bad "$what: tty not restored (stty:$modes)"
	elif [[ $alt != 0 ]]; then
		bad "$what: still on the alternate screen"
	else
		ok "$what: exit $rc, tty restored (${modes# }), alternate screen left"
	fi
}

UTF=${utf8:+LANG=$utf8 LC_ALL=$utf8}
# Under SANITIZE=1: ncurses' newterm leaks its pre-screen when it refuses an
# unknown TERM (libtinfo's new_prescr, not ours); LeakSanitizer ignores that.
printf 'leak:new_prescr\n' >"$tmp/lsan.supp"
LSAN="LSAN_OPTIONS=suppressions=$tmp/lsan.supp:print_suppressions=0"

# ---- resize storm --------------------------------------------------------------
start storm 160 48 TERM=xterm-256color $UTF
if wait_for storm "Processors" 10; then
	tm send-keys -t storm space
	sizes=(1x1 80x24 79x24 80x23 2x2 300x100 20x10 1x60 250x1 100x30 81x25 40x12 160x48 1x1 200x60)
	for round in 1 2 3 4 5 6 7 8; do
		for sz in "${sizes[@]}"; do
			tm resize-window -t storm -x "${sz%x*}" -y "${sz#*x}"
			resizes=$((resizes + 1))
			sleep 0.03
		done
	done
	[[ -s $tmp/storm.rc ]] && bad "resize storm: gmpscope died after $resizes resizes ($(cat "$tmp/storm.err"))"
	tm resize-window -t storm -x 1 -y 1
	sleep 0.3
	tm resize-window -t storm -x 70 -y 20
	resizes=$((resizes + 2))
	if wait_for storm "terminal too small: need 80" 3; then
		ok "resize storm: $resizes resizes survived, 70x20 shows \"$(screen storm | grep -o 'terminal too small[^)]*' | head -1)\""
	else
		bad "resize storm: no 'terminal too small' at 70x20"
	fi
	tm resize-window -t storm -x 80 -y 24
	resizes=$((resizes + 1))
	wait_for storm "Processors" 3 && ok "recovered at 80x24" || bad "did not recover at 80x24"
	tm resize-window -t storm -x 160 -y 48
	resizes=$((resizes + 1))
	wait_for storm "Processors" 3 && ok "recovered at 160x48" || bad "did not recover at 160x48"
	tm send-keys -t storm q
	finished storm 0 "quit after the storm"
else
	bad "resize storm: the main screen did not appear ($(cat "$tmp/storm.err" 2>/dev/null))"
fi

# ---- terminals that cannot run a full-screen program ----------------------------
for t in dumb gmpscope-no-such-term; do
	start "term-$t" 100 30 TERM=$t $UTF
	if wait_file "$tmp/term-$t.rc" 5; then
		rc=$(cat "$tmp/term-$t.rc")
		if [[ $rc -eq 2 ]] && one_line "$tmp/term-$t.err" && grep -q "$t" "$tmp/term-$t.err"; then
			ok "TERM=$t -> exit 2: $(cat "$tmp/term-$t.err")"
		else
			bad "TERM=$t: want exit 2 and one line naming the type; got exit $rc: $(head -3 "$tmp/term-$t.err")"
		fi
	else
		bad "TERM=$t: gmpscope is still running"
		tm send-keys -t "term-$t" q
	fi
	finished "term-$t" 2 "TERM=$t"
done

# ---- LANG=C: ASCII only ------------------------------------------------------------
start ascii 160 48 TERM=xterm-256color LANG=C LC_ALL=C
if wait_for ascii "Processors" 10; then
	tm send-keys -t ascii space
	sleep 1
	tm send-keys -t ascii e
	sleep 0.3
	screen ascii >"$tmp/ascii.txt"
	tm resize-window -t ascii -x 60 -y 20
	wait_for ascii "too small" 3
	screen ascii >>"$tmp/ascii.txt"
	tm resize-window -t ascii -x 160 -y 48
	resizes=$((resizes + 2))
	if LC_ALL=C grep -q $'[\x80-\xff]' "$tmp/ascii.txt"; then
		bad "LANG=C: non-ASCII on screen: $(LC_ALL=C grep -o $'[^\x01-\x7f]\+' "$tmp/ascii.txt" | sort -u | head -10 | tr '\n' ' ')"
	else
		ok "LANG=C: $(wc -l <"$tmp/ascii.txt") screen lines, all ASCII"
	fi
	grep -q 'need 80x24' "$tmp/ascii.txt" && ok "LANG=C: too-small message in ASCII" ||
		bad "LANG=C: no ASCII 'need 80x24' message"
	tm send-keys -t ascii q
	finished ascii 0 "LANG=C quit"
else
	bad "LANG=C: the main screen did not appear ($(cat "$tmp/ascii.err" 2>/dev/null))"
fi

# ---- NO_COLOR: no colour at all -----------------------------------------------------
start nocolor 160 48 TERM=xterm-256color NO_COLOR=1 $UTF
if wait_for nocolor "Processors" 10; then
	tm send-keys -t nocolor space
	sleep 1
	tm capture-pane -e -p -t nocolor >"$tmp/nocolor.txt"
	# SGR parameters 30-37, 38;..., 40-47, 48;..., 90-97, 100-107 are colours
	colours=$(grep -o $'\e\[[0-9;]*m' "$tmp/nocolor.txt" | tr -d '\033[m' | tr ';' '\n' |
		grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' | sort -u | tr '\n' ' ')
	if [[ -n $colours ]]; then
		bad "NO_COLOR: colour SGR parameters on screen: $colours"
	else
		ok "NO_COLOR: $(grep -o $'\e\[[0-9;]*m' "$tmp/nocolor.txt" | wc -l) attribute changes, no colour"
	fi
	tm send-keys -t nocolor q
	finished nocolor 0 "NO_COLOR quit"
else
	bad "NO_COLOR: the main screen did not appear ($(cat "$tmp/nocolor.err" 2>/dev/null))"
fi

# ---- signals while playing ------------------------------------------------------------
for sig in TERM INT HUP; do
	s="sig$sig"
	start "$s" 120 40 TERM=xterm-256color $UTF
	if wait_for "$s" "Processors" 10 && wait_file "$tmp/$s.pid" 2; then
		tm send-keys -t "$s" space
		sleep 0.7
		# the check below means something only if the program was on it
		[[ $(tm display-message -p -t "$s" '#{alternate_on}') == 1 ]] ||
			bad "SIG$sig: gmpscope is not on the alternate screen while playing"
		kill -"$sig" "$(cat "$tmp/$s.pid")"
		# the shell reports a death by signal N as 128+N; a clean exit is fine too
		finished "$s" "0 1 2 $((128 + $(kill -l "$sig")))" "SIG$sig while playing"
	else
		bad "SIG$sig: the main screen did not appear"
	fi
done

echo "tty_robust: $resizes resize(s) survived, $fails failure(s)"
[[ $fails -eq 0 ]]
