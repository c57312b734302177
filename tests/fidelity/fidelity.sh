#!/usr/bin/env bash
# tests/fidelity/fidelity.sh — `scons fidelity`: each scenario variant's
# symptom metric, measured on the real Go runtime and in the simulation.
#
# scenarios/real/MANIFEST names, per variant, its real program, GODEBUG, what
# the machine must provide (a CPU-quota or memory cgroup) and the symptom
# metric. This script builds every program (go build -p 1), runs each real
# variant RUNS times (3), each run bounded by `timeout`, takes the metric from
# its RESULT line (exit_code, fatal and deadlock from the process itself),
# runs `gmpscope check --metrics` for the simulated values, and prints one
# table: scenario, variant, metric, real median [min..max], simulated value,
# ratio (simulated / real median), the Go version of each side, verdict.
#
# Verdicts: ok; DIFF when one side is zero and the other is not (a zero is
# compared by direction, not by ratio); FAR when the simulated value lies
# more than 2x outside the real range (below min/2 or above 2*max); FAIL when
# no run gave a value; skipped when the machine cannot provide the cgroup;
# none when the variant has no real counterpart on this Go. Exit 1 if any
# DIFF, FAR or FAIL, 2 when go is missing, 0 otherwise.
#
# env: GMPSCOPE (the program), GMPSCOPE_ROOT (source root), RUNS (default 3),
# FIDELITY_ONLY (a scenario-name prefix: run only those, e.g. 09).
set -uo pipefail
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
gmpscope=${GMPSCOPE:-$root/build/gmpscope}
runs=${RUNS:-3}
only=${FIDELITY_ONLY:-}
real=$root/scenarios/real

if ! command -v go >/dev/null 2>&1; then
	echo "gmpscope: fidelity: go is missing: sudo apt-get install -y golang-go" >&2
	exit 2
fi
gover=$(go env GOVERSION)

tmp=$(mktemp -d)
# stop kills the run in progress: timeout leads its own process group (it
# calls setpgid), so the terminal's Ctrl-C does not reach it; kill the group.
stop() {
	[[ -s $tmp/run.pid ]] && kill -TERM -- "-$(cat "$tmp/run.pid")" 2>/dev/null
	exit 130
}
trap 'rm -rf "$tmp"' EXIT
trap stop INT TERM

# The simulated side: every variant of every scenario, headless.
"$gmpscope" check --metrics "$tmp/sim.txt" >"$tmp/check.out" 2>&1
if [[ ! -s $tmp/sim.txt ]]; then
	echo "gmpscope: fidelity: gmpscope check --metrics wrote nothing:" >&2
	tail -n 5 "$tmp/check.out" >&2
	exit 1
fi

# The real side: build every program once (cgo for 08 and 18).
mkdir -p "$tmp/bin"
for d in "$real"/[0-9][0-9]-*/; do
	name=$(basename "$d")
	[[ -z $only || $name == "$only"* ]] || continue
	if ! (cd "$real" && CGO_ENABLED=1 go build -p 1 -o "$tmp/bin/$name" "./$name"); then
		echo "gmpscope: fidelity: go build ./$name failed" >&2
		exit 1
	fi
done

# simgo prints the Go version a scenario variant simulates: the variant's
# `set go`, else the file's `go` line.
simgo() {
	awk -v want="$2" '
		/^go[ \t]/ && !invar { file = $2 }
		/^variant[ \t]/ { invar = ($2 == want) }
		invar && /^[ \t]+set[ \t]+go[ \t]/ { v = $3 }
		END { print "go" (v != "" ? v : file) }' "$root/scenarios/$1.gmp"
}

# cgroup_ok says whether this machine can run a variant that needs $1.
cgroup_ok() {
	[[ $1 == - ]] && return 0
	[[ $(id -u) -eq 0 ]] || return 1
	[[ $(stat -fc %T /sys/fs/cgroup 2>/dev/null) == cgroup2fs ]] || return 1
	command -v systemd-run >/dev/null 2>&1 || return 1
	case $1 in
	cpu=*) [[ $(nproc) -ge 8 ]] ;;
	mem=*) return 0 ;;
	*) return 1 ;;
	esac
}

# runone runs one real variant once; prints the metric's value or nothing.
# It runs in the main shell (not in a $(...) subshell), so that its `wait`
# is interrupted by a signal and stop() runs at once.
runone() { # NAME REAL GODEBUG NEEDS METRIC
	local name=$1 variant=$2 godebug=$3 needs=$4 metric=$5 wrap=() rc
	case $needs in
	cpu=*) wrap=(systemd-run --quiet --scope -p "CPUQuota=$((${needs#cpu=} * 100))%") ;;
	mem=*) wrap=(systemd-run --quiet --scope -p "MemoryMax=${needs#mem=}" -p MemorySwapMax=0) ;;
	esac
	local env=()
	[[ $godebug == - ]] || env=("GODEBUG=$godebug")
	# timeout runs the program in its own process group and kills the group
	# (SIGKILL 2 s after SIGTERM): nothing outlives a run. Its pid (= the
	# group) is in run.pid for stop().
	env "${env[@]}" "${wrap[@]}" timeout -k 2 20 "$tmp/bin/$name" -variant "$variant" \
		>"$tmp/out" 2>"$tmp/err" </dev/null &
	echo $! >"$tmp/run.pid"
	wait $!
	rc=$?
	: >"$tmp/run.pid"
	case $metric in
	exit_code) echo "$rc" ;;
	fatal) grep -q '^fatal error:' "$tmp/err" && echo 1 || echo 0 ;;
	deadlock) grep -q 'all goroutines are asleep' "$tmp/err" && echo 1 || echo 0 ;;
	*)
		grep '^RESULT ' "$tmp/out" | tail -n 1 | tr ' ' '\n' |
			awk -F= -v m="$metric" '$1 == m { print $2 }'
		;;
	esac
}

fails=0
printf '%-24s %-15s %-16s %-30s %-14s %-7s %-24s %s\n' scenario variant metric \
	"real $gover: median [min..max]" simulated ratio "go: real / sim" verdict >"$tmp/table"
while read -r scen variant rvar godebug needs metric _; do
	[[ -z $scen || $scen == \#* ]] && continue
	[[ -z $only || $scen == "$only"* ]] || continue
	sgo=$(simgo "$scen" "$variant")
	if [[ $rvar == none ]]; then
		printf '%-24s %-15s %-16s %-30s %-14s %-7s %-24s %s\n' "$scen" "$variant" - - - - \
			"- / $sgo" "none (no $gover counterpart: see MANIFEST)" >>"$tmp/table"
		continue
	fi
	sim=$(awk -v s="$scen" -v v="$variant" -v m="$metric" \
		'$1 == "#" && $2 == "unit" { next } $1 == "#" { sc = $2; next } sc == s && $1 == v && $2 == m { print $3 }' "$tmp/sim.txt")
	if ! cgroup_ok "$needs"; then
		printf '%-24s %-15s %-16s %-30s %-14s %-7s %-24s %s\n' "$scen" "$variant" "$metric" - \
			"${sim:--}" - "$gover / $sgo" "skipped (needs $needs: root, cgroup v2)" >>"$tmp/table"
		continue
	fi
	vals=()
	for ((i = 0; i < runs; i++)); do
		runone "$scen" "$rvar" "$godebug" "$needs" "$metric" >"$tmp/val"
		v=$(cat "$tmp/val")
		[[ -n $v ]] && vals+=("$v")
	done
	line=$(printf '%s\n' "${vals[@]}" | awk -v sim="${sim:-}" '
		NF { x[n++] = $1 + 0 }
		END {
			if (n == 0 || sim == "") { printf "-\t-\tFAIL"; exit }
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			med = (n % 2) ? x[int(n / 2)] : (x[n / 2 - 1] + x[n / 2]) / 2
			lo = x[0]; hi = x[n - 1]; s = sim + 0
			real = sprintf("%.4g [%.4g..%.4g]", med, lo, hi)
			if (s == 0 || med == 0) {
				ratio = "-"
				verdict = ((s == 0) == (med == 0)) ? "ok" : "DIFF"
			} else {
				ratio = sprintf("%.3g", s / med)
				verdict = (s < lo / 2 || s > hi * 2) ? "FAR" : "ok"
			}
			printf "%s\t%s\t%s", real, ratio, verdict
		}')
	IFS=$'\t' read -r realcol ratio verdict <<<"$line"
	[[ $verdict == ok ]] || fails=$((fails + 1))
	printf '%-24s %-15s %-16s %-30s %-14s %-7s %-24s %s\n' "$scen" "$variant" "$metric" "$realcol" \
		"$(awk -v s="${sim:--}" 'BEGIN { if (s == "-") print s; else printf "%.4g", s }')" \
		"$ratio" "$gover / $sgo" "$verdict" >>"$tmp/table"
done <"$real/MANIFEST"

cat "$tmp/table"
echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each"
if ((fails)); then
	echo "fidelity: $fails variant(s) differ (DIFF, FAR or FAIL)"
	exit 1
fi
echo "fidelity: every variant within range"
