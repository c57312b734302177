#!/usr/bin/env bash
# cli_bad_args.sh — the command-line contract, end to end (DESIGN.md "Command
# line"): --help and --version work everywhere and exit 0; every bad argument
# gives exactly one line on stderr, nothing on stdout, exit status 2, and no
# output file. The parser's every message is tested in tests/test_cli.c; this
# checks that the program keeps the promise. Needs GMPSCOPE (set by scons test).
set -u
: "${GMPSCOPE:?run me through scons test, or set GMPSCOPE}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# ok_run EXPECTED_OUT_SUBSTRING ARGS...: exit 0, stdout contains the text, stderr empty
ok_run() {
	local want=$1; shift
	"$GMPSCOPE" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [[ $rc -ne 0 || -s $tmp/err ]] || ! grep -qF -- "$want" "$tmp/out"; then
		echo "FAIL: gmpscope $*: want exit 0 and \"$want\" on stdout; got exit $rc"
		cat "$tmp/err"
		fails=$((fails + 1))
	else
		echo "ok: gmpscope $*"
	fi
}

# bad_run EXPECTED_STDERR_LINE ARGS...: exit 2, exactly that one line, no stdout
bad_run() {
	local want=$1; shift
	"$GMPSCOPE" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	local got
	got=$(cat "$tmp/err")
	if [[ $rc -ne 2 || -s $tmp/out || $(wc -l <"$tmp/err") -ne 1 || $got != "$want" ]]; then
		echo "FAIL: gmpscope $*"
		echo "  want exit 2: $want"
		echo "  got  exit $rc: $got"
		fails=$((fails + 1))
	else
		echo "ok: gmpscope $* -> exit 2"
	fi
}

ok_run "gmpscope record SCENARIO" --help
ok_run "gmpscope record SCENARIO" -h
ok_run "usage: gmpscope record SCENARIO" record --help
ok_run "usage: gmpscope record SCENARIO" record 3 --size 5x5 --help
ok_run "usage: gmpscope check" check --help
ok_run "gmpscope 0." --version
ok_run "gmpscope 0." list --version
ok_run "gmpscope 0." record --fps 0 --version

bad_run 'gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got "5x5"' \
	record 3 --size 5x5 --cast "$tmp/x.cast"
bad_run 'gmpscope: record: --until: expected a duration such as 250ms or 1.5s (a number with ns, us, ms or s), got "10"' \
	record 3 --until 10 --cast "$tmp/x.cast"
bad_run 'gmpscope: record: --fps: expected a whole number from 1 to 120, got "500"' record 3 --fps 500
bad_run 'gmpscope: record: --theme: expected dark or light, got "blue"' record 3 --theme blue
bad_run 'gmpscope: --theme: expected dark or light, got "Light"' --theme Light 3
bad_run 'gmpscope: record: unknown option "--frames" (gmpscope record --help lists them)' record 3 --frames 2
bad_run 'gmpscope: record: --cast needs a value: FILE' record 3 --cast
bad_run 'gmpscope: record: missing SCENARIO (a number, a slug or a path; gmpscope list shows them)' record
bad_run 'gmpscope: unknown option "--bogus" (gmpscope --help lists them)' --bogus
bad_run 'gmpscope: unknown option "--help=x" (gmpscope --help lists them)' --help=x
# no terminal here: the unknown scenario is still what gets reported
GMPSCOPE_SCENARIOS="$tmp" bad_run "gmpscope: no scenario \"bogus\" in $tmp (gmpscope list shows them)" bogus </dev/null
GMPSCOPE_SCENARIOS="$tmp" bad_run "gmpscope: cannot open nonexist.gmp: no such file here or in $tmp" check nonexist.gmp
bad_run 'gmpscope: list: unexpected argument "extra"' list extra
bad_run 'gmpscope: "check" is a subcommand: put it first, as in gmpscope check' --ascii check

bad_run 'gmpscope: record: --keys: unknown key-script token "z" at offset 6' record 3 --keys "space z"
bad_run 'gmpscope: record: --keys: "g" at offset 0 must be followed by a kind letter (s m x p u k y t f o), got "z"' \
	record 3 --keys "g z"
bad_run 'gmpscope: record: --keys: unknown key-script token "→" at offset 0 (the key is called right)' \
	record 3 --keys "→"
bad_run 'gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got "1ns"' \
	record 3 --speed 1ns
bad_run 'gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got "2s/s"' \
	record 3 --speed 2s/s

bad_run 'gmpscope: record: --at needs --screens DIR (the screenshots go there)' record 3 --at 5ms

# an --at time the run never reaches: a warning naming it, the rest written
"$GMPSCOPE" record 3 --at 10s,5ms --screens "$tmp/at" >"$tmp/out" 2>"$tmp/err"
rc=$?
want='gmpscope: record: warning: --at 10s skipped: the recording ended at 377ms (t10000ms.txt/.svg not written)'
if [[ $rc -ne 0 || $(cat "$tmp/err") != "$want" || ! -s $tmp/at/t0005ms.txt || -e $tmp/at/t10000ms.txt ]]; then
	echo "FAIL: record --at 10s: exit $rc: $(cat "$tmp/err")"
	fails=$((fails + 1))
else
	echo "ok: gmpscope record 3 --at 10s,5ms -> warning"
fi

# two outputs naming one file, a repeated option
bad_run "gmpscope: record: --cast and --trace-json both name \"$tmp/same\": give each output its own file" \
	record 3 --cast "$tmp/same" --trace-json "$tmp/same"
bad_run "gmpscope: record: --cast and --schedtrace both name \"$tmp/./same\": give each output its own file" \
	record 3 --cast "$tmp/same" --schedtrace "$tmp/./same:5ms"
bad_run 'gmpscope: record: --cast given twice (each option may be given once)' record 3 --cast a --cast b

# a pause too large for the clock is "too large", not an unknown token
bad_run 'gmpscope: record: --keys: duration too large "99999999999s" at offset 6 (at most 9223372036s)' \
	record 3 --keys "space 99999999999s"

# --screens DIR is created with the umask, like mkdir (it used to be 0700)
(umask 022 && "$GMPSCOPE" record 3 --until 5ms --screens "$tmp/shots" 2>"$tmp/err")
mode=$(stat -c %a "$tmp/shots" 2>/dev/null)
if [[ $mode != 755 ]]; then
	echo "FAIL: --screens under umask 022: mode $mode, want 755 ($(cat "$tmp/err"))"
	fails=$((fails + 1))
else
	echo "ok: --screens DIR gets 755 under umask 022"
fi

# a schedtrace interval under the runtime's 1ms unit (1ns once wrote 43.7 GB)
bad_run 'gmpscope: record: --schedtrace: INTERVAL must be at least 1ms (the runtime'"'"'s unit), got "1ns"' \
	record 3 --schedtrace "$tmp/st.txt:1ns"
[[ -e $tmp/st.txt ]] && { echo "FAIL: --schedtrace :1ns left $tmp/st.txt"; fails=$((fails + 1)); }

# pauses take decimals, like every duration
if ! "$GMPSCOPE" record 3 --until 5ms --keys "1.5ms space" --cast "$tmp/p.cast" 2>"$tmp/err" ||
	[[ -s $tmp/err || ! -s $tmp/p.cast ]]; then
	echo "FAIL: record --keys \"1.5ms space\": $(cat "$tmp/err")"
	fails=$((fails + 1))
else
	echo "ok: gmpscope record 3 --keys \"1.5ms space\""
fi

# a bad key script is refused before anything runs (its message belongs to ui/app/keys.c)
"$GMPSCOPE" record 3 --keys "space frobnicate" --cast "$tmp/x.cast" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -ne 2 || $(wc -l <"$tmp/err") -ne 1 ]] || ! grep -q '^gmpscope: record: --keys: ' "$tmp/err"; then
	echo "FAIL: record --keys with an unknown token: exit $rc: $(cat "$tmp/err")"
	fails=$((fails + 1))
else
	echo "ok: gmpscope record 3 --keys \"space frobnicate\" -> exit 2"
fi

if [[ -e $tmp/x.cast ]]; then
	echo "FAIL: a refused command left $tmp/x.cast behind"
	fails=$((fails + 1))
fi

echo "cli_bad_args: $fails failure(s)"
[[ $fails -eq 0 ]]
