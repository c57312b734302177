#!/bin/sh
# tests/real/run.sh — the real-runtime lab (issues #16 and #17): build every
# program here and run each case a few times, each run bounded by `timeout`,
# collecting the RESULT lines. Not part of `scons test`: it measures the host's
# Go runtime, which is noisy on a shared machine. See MEASURED.md.
#
# usage: tests/real/run.sh [-o FILE] [-n RUNS] [CASE...]
#   -o FILE  results file (default tests/real/results.txt, overwritten)
#   -n RUNS  run every case RUNS times instead of its own count
#   CASE     only these cases (names from the table below)
# Each results line is `case=NAME run=I RESULT key=value ... load1=L`, L being
# the machine's 1-minute load average when the run ended; a run that times out
# or prints no RESULT line is recorded as `RESULT failed=1`. Lines
# starting with # record the machine and `uptime` before each case. The
# summary (median, [min..max]) follows: go run ./summarize FILE.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/results.txt
force=""
while getopts o:n: opt; do
	case $opt in
	o) out=$OPTARG ;;
	n) force=$OPTARG ;;
	*) echo "usage: $0 [-o FILE] [-n RUNS] [CASE...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT INT TERM
cd "$here"
for d in */; do
	d=${d%/}
	if [ -f "$d/main.go" ] && [ "$d" != summarize ]; then
		go build -o "$bin/$d" "./$d"
	fi
done

# NAME RUNS TIMEOUT(s) PROGRAM ARGS...
cases='
abba-1p          9 10 abba -procs 1 -dur 2s
abba-2p          9 10 abba -procs 2 -dur 2s
trylock-1p       5 10 trylock -procs 1 -dur 1500ms
trylock-2p       3 10 trylock -procs 2 -dur 1500ms
tightloop-1p    10 10 tightloop -procs 1 -n 12 -sleep 1ms
lostupdate-1p   10 10 lostupdate -procs 1 -workers 4 -iters 10000 -weigh 2500ns
lockthread-gosched-2r 6 15 lockthread -renderers 2 -sched gosched -mode bug
lockthread-chan-2r    6 15 lockthread -renderers 2 -sched chan -mode bug
lockthread-sleep-2r   6 15 lockthread -renderers 2 -sched sleep -mode bug
lockthread-gosched-1r 6 15 lockthread -renderers 1 -sched gosched -mode bug
lockthread-fix-2r     3 15 lockthread -renderers 2 -sched gosched -mode fix
lockthread-n-gosched-2r 6 15 lockthread -renderers 2 -sched gosched -mode bug -layout 200us -draw 300us -chunk 700us
lockthread-n-chan-2r    6 15 lockthread -renderers 2 -sched chan -mode bug -layout 200us -draw 300us -chunk 700us
lockthread-n-sleep-2r   6 15 lockthread -renderers 2 -sched sleep -mode bug -layout 200us -draw 300us -chunk 700us
lockthread-n-gosched-1r 6 15 lockthread -renderers 1 -sched gosched -mode bug -layout 200us -draw 300us -chunk 700us
lockthread-n-fix-2r     3 15 lockthread -renderers 2 -sched gosched -mode fix -layout 200us -draw 300us -chunk 700us
handoff          5 20 handoff -frames 100 -rounds 2
timeafter        5 20 timeafter -iters 40000 -reps 5
gosched-1p       5 20 gosched -procs 1 -g 1 -n 1500000
gosched-2p       5 20 gosched -procs 2 -g 2 -n 750000
goschedjobs      5 30 goschedjobs -procs 2 -workers 8 -jobs 3000 -job 40us -reps 7
twolock          5 20 twolock -n 4000000 -reps 5
selectdefault    5 20 selectdefault -n 30000000 -reps 3
spincpu          3 20 spincpu -procs 2 -wait 400ms
spawnsleep       5 20 spawnsleep -procs 2 -n 40000 -nap 40ms -trace 10
wakelate-1p      5 10 wakelate -procs 1 -nap 4ms -dur 2500ms
little           5 20 little -rate 1000000 -life 20ms -dur 300ms
timerburst       5 10 timerburst -procs 1 -n 3000 -at 100ms -settle 10ms -hog 200ms -work 20us -trace 1
threads-idle     5 10 threads -mode idle -trace 20
threads-readers  5 10 threads -mode readers -readers 150 -trace 20
'

{
	echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) $(go version)"
	echo "# $(uname -sr) nice=$(nice)"
} >"$out"
echo "$cases" | while read -r name runs tmo prog args; do
	[ -n "$name" ] || continue
	if [ $# -gt 0 ]; then
		want=0
		for c in "$@"; do [ "$c" = "$name" ] && want=1; done
		[ $want = 1 ] || continue
	fi
	[ -z "$force" ] || runs=$force
	echo "# $name: timeout $tmo $prog $args; uptime:$(uptime | sed 's/.*load average/ load average/')" | tee -a "$out"
	i=1
	while [ "$i" -le "$runs" ]; do
		# shellcheck disable=SC2086 # args are words on purpose
		line=$(timeout "$tmo" "$bin/$prog" $args 2>/dev/null | grep '^RESULT' | tail -n 1) || true
		[ -n "$line" ] || line="RESULT failed=1"
		echo "case=$name run=$i $line load1=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
		i=$((i + 1))
	done
done
echo "# done $(date -u +%H:%M:%SZ); uptime:$(uptime | sed 's/.*load average/ load average/')" | tee -a "$out"
