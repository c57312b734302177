#!/usr/bin/env bash
# tests/bad_input.sh — bad input everywhere, end to end: what cli_bad_args.sh
# (exact messages of a few refusals) leaves out. Every bad flag, value, key
# script, scenario file or output path must give exactly one line on stderr
# starting "gmpscope: ", nothing on stdout, exit status 2, and must neither
# create an output file nor touch an existing one (its bytes are compared).
# Needs GMPSCOPE (set by scons test). Runs as root in CI: a chmod 000 file is
# readable there, so that case is skipped with a message under root.
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0 tried=0
cd "$tmp" || exit 1

# The output files every refused command names: keep.* exist (their bytes are
# checked after each run), new.* and newdir must never appear.
printf 'ORIGINAL CAST\n' >keep.cast
printf 'ORIGINAL TRACE\n' >keep.json
printf 'ORIGINAL SCHEDTRACE\n' >keep.txt
sums=$(cksum keep.cast keep.json keep.txt)
outs=(--cast keep.cast --trace-json keep.json --schedtrace keep.txt)
news=(--cast new.cast --screens newdir)

# refuse WHAT ARGS...: exit 2, one "gmpscope: " line, no stdout, outputs intact
refuse() {
	local what=$1
	shift
	tried=$((tried + 1))
	if [[ $1 == timeout ]]; then "$@"; else "$GMPSCOPE" "$@"; fi >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$? why=""
	if [[ $rc -ne 2 ]]; then
		why="exit $rc"
	elif [[ $(wc -l <"$tmp/err") -ne 1 ]]; then
		why="$(wc -l <"$tmp/err") lines on stderr"
	elif ! grep -qE '^(gmpscope: |[^ :]+(:[0-9]+:[0-9]+)?: )' "$tmp/err"; then
		why="stderr names neither gmpscope nor the file"
	elif LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err"; then
		why="a control character in the message (it would reach the terminal)"
	elif [[ -s $tmp/out ]]; then
		why="output on stdout"
	elif [[ $(cksum keep.cast keep.json keep.txt) != "$sums" ]]; then
		why="an existing output file changed"
	elif compgen -G 'new*' >/dev/null || compgen -G '.keep*' >/dev/null || compgen -G '.new*' >/dev/null; then
		why="left $(echo new* .keep* .new* 2>/dev/null)"
	fi
	if [[ -n $why ]]; then
		echo "FAIL: $what: gmpscope $*: $why"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
		fails=$((fails + 1))
		rm -rf new* .keep* .new*
		printf 'ORIGINAL CAST\n' >keep.cast
		printf 'ORIGINAL TRACE\n' >keep.json
		printf 'ORIGINAL SCHEDTRACE\n' >keep.txt
	else
		echo "ok: $what -> $(cat "$tmp/err")"
	fi
}

# --- unknown flags and stray arguments, in every mode ---------------------------
refuse "unknown flag (top level)" --frobnicate
refuse "unknown short flag" -x
refuse "unknown flag (interactive)" 3 --frames 2
refuse "unknown flag (record)" record 3 --until 5ms --colour "${outs[@]}"
refuse "unknown flag after outputs" record 3 "${news[@]}" --no-such-flag
refuse "unknown flag (check)" check --verbose
refuse "unknown flag (list)" list -l
refuse "unknown flag (metrics)" metrics --all
refuse "stray argument (metrics)" metrics threads
refuse "unknown subcommand-like word" frobnicate-the-scheduler
refuse "two scenarios for record" record 3 5 "${outs[@]}"
refuse "a single dash" -
refuse "record flag outside record" --cast new.cast

# --- missing values: every option that takes one ------------------------------------
for opt in --variant --seed --until --size --fps --speed --at --keys --cast --screens \
	--schedtrace --trace-json; do
	refuse "missing value for $opt" record 3 "$opt"
done
refuse "missing value, next option taken as it" record 3 --until --cast new.cast
refuse "interactive --variant without value" 3 --variant
refuse "interactive --seed without value" 3 --seed

# --- bad values -------------------------------------------------------------------------
for d in '' ms 5 -5ms +5ms 5m 5min 1e3ms 0x10ms 1.5.5s '5 ms' ' 5ms' 'nanms' 'infs' 5MS \
	0ms 0s 99999999999999999999s 9223372037s 1..5s .s; do
	refuse "bad duration \"$d\"" record 3 --until "$d" "${outs[@]}"
done
for sz in 19x10 20x9 1001x1000 1000x1001 0x0 -80x24 80x-24 80 80x x24 x 80x24x3 80×24 \
	'80 x 24' 0080x0024000 99999999999999999999x24 24x99999999999999999999 1e2x30 '' ' 80x24'; do
	refuse "size outside 20x10..1000x1000 \"$sz\"" record 3 --size "$sz" "${outs[@]}"
done
for f in 0 121 -1 1.5 abc '' 99999999999999999999 0x10; do
	refuse "bad --fps \"$f\"" record 3 --fps "$f" "${outs[@]}"
done
for s in -1 abc 1.5 '' 99999999999999999999999 0x; do
	refuse "bad --seed \"$s\"" record 3 --seed "$s" "${outs[@]}"
done
for s in 0 0ms -1ms abc 10ms/min '' 10ms/s/s; do
	refuse "bad --speed \"$s\"" record 3 --speed "$s" "${outs[@]}"
done
for a in '' , 10ms, ,10ms 10ms,,20ms 10 abc -5ms; do
	refuse "bad --at \"$a\"" record 3 --at "$a" "${outs[@]}"
done
for s in ':' 'x.txt:' ':10ms' 'x.txt:abc' 'x.txt:0ms' 'x.txt:-1ms'; do
	refuse "bad --schedtrace \"$s\"" record 3 --until 5ms --schedtrace "$s" --cast new.cast
done
refuse "unknown variant" record 3 --variant nosuch "${outs[@]}"
refuse "unknown variant (interactive)" 3 --variant nosuch

# --- key scripts --------------------------------------------------------------------------
for k in frobnicate 'space jump' 'g s 5 ms' 'spacebar' 'SPACE' 'ctrl-c' '500 ms' '-5ms' \
	'5min' 'space 1e3ms' 'F1' 'ü' z x 10 G S g 'g z' 'g g' 'n g' 'g 5ms s' '→' 'backspace' 'Homes' $'\x01' $'a\e]0;title\a' 'enter enter enterr' "$(printf 'a%.0s' {1..200})"; do
	refuse "unknown key-script token in \"${k:0:30}\"" record 3 --until 5ms --keys "$k" "${outs[@]}"
done

# --- scenario files -------------------------------------------------------------------------
mkdir adir
printf '' >empty.gmp
printf 'scenario 01 t\n\x00\xff\xfe\x1b[2J binary \x80\xc3(\n' >garbage.gmp   # fixed bytes: no flakiness
printf 'scenario 01 t\nvariant bug\n  func main\n    fro\x1b[2Jb 5\n' >control.gmp
printf 'scenario 01 t\nvariant bug\n  func main\n    frobnicate 5\n' >parse-error.gmp
printf 'scenario 01 t\n' >no-variant.gmp
printf 'scenario 01 t\nvariant bug\n  func main\n    work 1ms\n' >no-expect.gmp
for s in 99 100 -1 nosuch-slug $'\e[2Jx' /nonexistent/x.gmp ./missing.gmp adir empty.gmp garbage.gmp control.gmp \
	parse-error.gmp no-variant.gmp; do
	refuse "scenario \"$s\" (record)" record "$s" "${outs[@]}"
	refuse "scenario \"$s\" (check)" check "$s"
done
refuse "scenario with no expect (check)" check no-expect.gmp
refuse "ambiguous slug prefix" record go "${outs[@]}"
refuse "empty scenario argument" record '' "${outs[@]}"
mkfifo scen.fifo
refuse "a fifo as the scenario (must not block)" timeout 10 "$GMPSCOPE" check ./scen.fifo
[[ -r /proc/self/mem ]] &&   # a file that opens but cannot be read, even by root
	refuse "a file that cannot be read (/proc/self/mem)" record /proc/self/mem "${outs[@]}"
refuse "one good, one missing (check)" check 3 /nonexistent/x.gmp
refuse "scenario dir (interactive)" adir
refuse "missing scenario (interactive)" /nonexistent/x.gmp
if [[ $(id -u) -eq 0 ]]; then
	echo "skip: chmod 000 scenario file (running as root, who reads it anyway; /proc/self/mem above is unreadable even to root)"
else
	cp "$GMPSCOPE_ROOT/scenarios/03-lockosthread-leak.gmp" locked.gmp 2>/dev/null ||
		printf 'scenario 03 x\n' >locked.gmp
	chmod 000 locked.gmp
	refuse "unreadable scenario (record)" record ./locked.gmp "${outs[@]}"
	refuse "unreadable scenario (check)" check ./locked.gmp
	chmod 600 locked.gmp
fi

# --- output paths ---------------------------------------------------------------------------
printf 'x' >plainfile
mkfifo afifo
ln -s nowhere/x dangling.cast
# each bad output beside a good one (new.*): the good one must not appear either
for o in --cast --trace-json --schedtrace; do
	good=(--cast new.cast --screens newdir)
	[[ $o == --cast ]] && good=(--trace-json new.json --screens newdir)
	refuse "$o into a missing directory" record 3 --until 5ms "$o" missing-dir/new.x "${good[@]}"
	refuse "$o under a regular file" record 3 --until 5ms "$o" plainfile/new.x "${good[@]}"
	refuse "$o is a directory" record 3 --until 5ms "$o" adir "${good[@]}"
	refuse "$o is a fifo" record 3 --until 5ms "$o" afifo "${good[@]}"
	refuse "$o is /dev/null" record 3 --until 5ms "$o" /dev/null "${good[@]}"
	refuse "$o is a dangling link" record 3 --until 5ms "$o" dangling.cast "${good[@]}"
	refuse "$o names a directory (slash)" record 3 --until 5ms "$o" newdir/ "${good[@]}"
	refuse "$o in /proc" record 3 --until 5ms "$o" /proc/new.x "${good[@]}"
done
refuse "--screens is a regular file" record 3 --until 5ms --screens plainfile --cast new.cast
refuse "--screens under a regular file" record 3 --until 5ms --screens plainfile/sub --cast new.cast
refuse "--screens in /proc" record 3 --until 5ms --screens /proc/newdir --cast new.cast
if [[ $(id -u) -ne 0 ]]; then
	mkdir ro && chmod 500 ro
	refuse "--cast in a read-only directory" record 3 --until 5ms --cast ro/new.cast
	refuse "--screens in a read-only directory" record 3 --until 5ms --screens ro/newdir
else
	echo "skip: read-only directory (running as root); /proc and file-as-directory cases cover it"
fi
[[ -e afifo && -p afifo ]] || { echo "FAIL: the fifo was replaced"; fails=$((fails + 1)); }
[[ -L dangling.cast ]] || { echo "FAIL: the dangling link was replaced"; fails=$((fails + 1)); }
[[ $(cat plainfile) == x ]] || { echo "FAIL: plainfile changed"; fails=$((fails + 1)); }

# --- special files and control characters (issue 15) ----------------------------------
# exact: want_err WANT ARGS... (exit 2, exactly that line)
want_err() {
	local want=$1
	shift
	tried=$((tried + 1))
	timeout 10 "$GMPSCOPE" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	if [[ $rc -ne 2 || $(cat "$tmp/err") != "$want" ]]; then
		echo "FAIL: gmpscope $*: want exit 2 and: $want"
		echo "  got exit $rc: $(cat "$tmp/err")"
		fails=$((fails + 1))
	else
		echo "ok: gmpscope $* -> $want"
	fi
}
# a bare name that exists but is not a regular file says what it is
want_err "gmpscope: cannot open scen.fifo: it is not a regular file (a FIFO)" check scen.fifo
want_err "gmpscope: cannot open adir: it is a directory" check adir
# control characters in a scenario path or an output path are escaped
cp parse-error.gmp $'p\e[2Jx.gmp'
refuse "ESC in a scenario path with a parse error" check $'p\e[2Jx.gmp'
refuse "ESC in an output path" record 3 --until 5ms --cast $'nodir\e[2J/new.cast'
# a FIFO, a symlink to /dev/zero and a directory in the scenarios directory:
# list and check name each (never opened for reading, never blocking) and go on
mkdir sdir
cp "$GMPSCOPE_ROOT/scenarios/01-tight-loop-go113.gmp" sdir/
mkfifo sdir/02-fifo.gmp
ln -s /dev/zero sdir/03-zero.gmp
mkdir sdir/04-dir.gmp
GMPSCOPE_SCENARIOS=$tmp/sdir timeout 10 "$GMPSCOPE" list >"$tmp/out" 2>"$tmp/err"
rc=$?
tried=$((tried + 1))
if [[ $rc -ne 2 || $(grep -c . "$tmp/out") -ne 1 ]] || ! grep -q '^01  tight-loop-go113' "$tmp/out" ||
	[[ $(cat "$tmp/err") != "$tmp/sdir/02-fifo.gmp: it is not a regular file (a FIFO)
$tmp/sdir/03-zero.gmp: it is not a regular file (a device)
$tmp/sdir/04-dir.gmp: it is a directory" ]]; then
	echo "FAIL: list with a FIFO, /dev/zero and a directory: exit $rc"
	cat "$tmp/out" "$tmp/err"
	fails=$((fails + 1))
else
	echo "ok: list names the FIFO, the device and the directory, lists the rest (exit 2)"
fi
GMPSCOPE_SCENARIOS=$tmp/sdir timeout 10 "$GMPSCOPE" check >"$tmp/out" 2>"$tmp/err"
rc=$?
tried=$((tried + 1))
if [[ $rc -ne 2 || $(grep -c . "$tmp/err") -ne 3 ]]; then
	echo "FAIL: check with a FIFO in the scenarios directory: exit $rc (want 2, three lines)"
	fails=$((fails + 1))
else
	echo "ok: check with a FIFO in the scenarios directory -> exit 2, no hang"
fi
rm -rf sdir

# --- a scenario bigger than the machine: one line and exit 2, no abort -------
# issue 23: replay and real. A log that is not one, is cut inside a line, is
# binary or malformed; a program that does not exist or cannot run; and no
# terminal (the screen is never drawn, nothing is started).
head -c 3000 "$GMPSCOPE_ROOT/tests/replay/blockread-detail.log" >cut.log
printf 'SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n  M0: p=zero\n' >bad.log
printf 'hello\n' >plain.log
head -c 4096 "$GMPSCOPE" >binary.log
printf '#!/bin/sh\n' >noexec.sh
refuse "replay without FILE" replay
refuse "replay of a missing file" replay no-such.log
refuse "replay of a log cut inside a line" replay cut.log
refuse "replay of a malformed M line" replay bad.log
refuse "replay of a file without SCHED lines" replay plain.log
refuse "replay of a binary file" replay binary.log
refuse "replay without a terminal" replay "$GMPSCOPE_ROOT/tests/replay/blockread.log"
refuse "real without PROGRAM" real --
refuse "real with a command that does not exist" real -- no-such-command-gmpscope
refuse "real with a file that is not executable" real -- ./noexec.sh
refuse "real with a directory" real -- /tmp
refuse "real with --interval below 1ms" real --interval 500us -- /bin/true
refuse "real with --interval not in whole ms" real --interval 2500us -- /bin/true
refuse "real without a terminal" real -- /bin/true

# (ulimit -v caps the address space; sanitizer builds reserve terabytes of it)
printf '%s\n' 'scenario 01 huge' 'horizon 3600s' 'memory none' 'variant bug' \
	'  chan gate' '  func main' '    repeat 1000000000' '      go w' '  func w' \
	'    recv gate' 'expect bug exit_code == 0' >huge.gmp
case $GMPSCOPE in
*/san/*) echo "skip: out of memory under a sanitizer build" ;;
*)
	export GMPSCOPE
	refuse "out of memory while recording" timeout 120 bash -c 'ulimit -v 600000; exec "$GMPSCOPE" record huge.gmp --until 3600s --cast new.cast'
	refuse "out of memory while checking" timeout 120 bash -c 'ulimit -v 600000; exec "$GMPSCOPE" check huge.gmp'
	;;
esac

echo "bad_input: $tried bad input(s) tried, $fails failure(s)"
[[ $fails -eq 0 ]]
