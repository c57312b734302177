#!/usr/bin/env bash
# tests/compare.sh — compare mode, headless (`record --compare`) and in tmux.
#
# record: scenario 03 bug beside fix to 100ms writes an end.txt with both
# variants' names, the fix's `+` diff line (UnlockOSThread) and the Δ column,
# byte-identical on a second run; at 80x24 the sides stack (two Processors
# panels, one above the other); a bad --compare (unknown variant, the variant
# itself, one-variant scenario, with --schedtrace/--trace-json) gives one line
# and exit 2. tmux (skipped without it): `c` opens compare mode, `]` moves
# both runs to the first moment, `g u` (no SIGURG in 03) keeps t and says so;
# `c` on the tour (one variant) says so in one line.
# Usage: GMPSCOPE=build/gmpscope bash tests/compare.sh
set -u
GMPSCOPE=${GMPSCOPE:-build/gmpscope}
tmp=$(mktemp -d)
fails=0
ok() { echo "compare: ok: $*"; }
bad() {
	echo "compare: FAIL: $*"
	fails=$((fails + 1))
}

"$GMPSCOPE" record 3 --compare fix --until 100ms --size 200x50 --screens "$tmp/a" 2>"$tmp/err"
"$GMPSCOPE" record 3 --compare fix --until 100ms --size 200x50 --screens "$tmp/b" 2>>"$tmp/err"
end=$tmp/a/end.txt
if [[ ! -s $end ]]; then
	bad "record --compare wrote no end.txt: $(head -1 "$tmp/err")"
else
	head -1 "$end" | grep -q '\[bug\] vs \[fix\]' && ok "header names bug and fix" || bad "header: $(head -1 "$end")"
	grep -q '\[BUG\] t=100.000ms' "$end" && grep -q '\[FIX\] t=100.000ms' "$end" &&
		ok "both sides at t=100ms" || bad "side labels missing"
	grep -q '│ +  *defer runtime.UnlockOSThread()' "$end" && ok "+ diff line with UnlockOSThread" ||
		bad "no + UnlockOSThread diff line"
	grep -q 'metric  *bug  *fix  *Δ' "$end" && ok "table headed bug | fix | Δ" || bad "no Δ header"
	grep -q 'threads_exited  *31  *0  *-31' "$end" && ok "threads_exited 31 vs 0, Δ -31" ||
		bad "threads_exited row: $(grep threads_exited "$end" | head -1)"
	# neither run has ended at 100ms: every expectation waits for its end
	n=$(grep -c '│ \(bug\|fix\) · .* (at end)' "$end")
	if [[ $n -eq 5 ]] && ! grep -q '│ \(bug\|fix\) [✓✗]' "$end"; then
		ok "expectations say (at end) until their run ends"
	else
		bad "expectations mid-run: $n '(at end)': $(grep -m1 '│ \(bug\|fix\) [✓✗]' "$end")"
	fi
	cmp -s "$tmp/a/end.txt" "$tmp/b/end.txt" && cmp -s "$tmp/a/moment1.txt" "$tmp/b/moment1.txt" &&
		ok "byte-identical on a second run" || bad "two runs differ"
fi

"$GMPSCOPE" record 3 --compare fix --until 100ms --size 80x24 --screens "$tmp/s" 2>"$tmp/err"
n=$(grep -c 'Processors (P)' "$tmp/s/end.txt" 2>/dev/null)
[[ $n -eq 2 ]] && grep -q '\[FIX\]' "$tmp/s/end.txt" && grep -q '│ +  *defer runtime.UnlockOSThread' "$tmp/s/end.txt" &&
	ok "80x24: the sides stack, the diff stays" || bad "80x24 compare: $n Processors panels"

# record --metrics: both runs' values where the recording ended
"$GMPSCOPE" record 3 --compare fix --until 100ms --metrics "$tmp/m.txt" 2>"$tmp/err"
if grep -qx 'bug symptom.1 31' "$tmp/m.txt" && grep -qx 'fix symptom.1 0' "$tmp/m.txt"; then
	ok "record --metrics: threads_exited symptom bug 31, fix 0 at 100ms"
else
	bad "record --metrics: $(grep symptom "$tmp/m.txt" | tr '\n' ' ') $(head -1 "$tmp/err")"
fi

# bad --compare: one line, exit 2
expect_bad() {
	local what=$1 want=$2
	shift 2
	"$GMPSCOPE" record "$@" --screens "$tmp/x" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err")
	if [[ $rc -ne 2 || $lines -ne 1 ]] || ! grep -qF -- "$want" "$tmp/err"; then
		bad "$what: exit $rc, $lines line(s): $(head -2 "$tmp/err")"
	elif [[ -e $tmp/x ]]; then
		bad "$what: left $tmp/x behind"
	else
		ok "$what: $(cat "$tmp/err")"
	fi
}
expect_bad "unknown variant" 'has no variant "nope"' 3 --compare nope
expect_bad "the variant itself" 'that is the variant recorded' 3 --compare bug
expect_bad "one-variant scenario" 'has no variant "fix"' 0 --compare fix
expect_bad "with --schedtrace" 'cannot be combined' 3 --compare fix --schedtrace "$tmp/st.txt"
expect_bad "with --trace-json" 'cannot be combined' 3 --compare fix --trace-json "$tmp/t.json"

if ! command -v tmux >/dev/null 2>&1; then
	echo "compare: tmux is not installed: terminal tests skipped"
else
	sock="gmpscope-cmp-$$"
	tm() { tmux -L "$sock" -f /dev/null "$@"; }
	trap 'tm kill-server >/dev/null 2>&1' EXIT
	screen() { tm capture-pane -p -t "$1"; }
	wait_for() {
		local i
		for ((i = 0; i < ${3:-50}; i++)); do
			screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
			sleep 0.1
		done
		return 1
	}
	G=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
	tm new-session -d -s c -x 200 -y 50 "LANG=C.UTF-8 LC_ALL=C.UTF-8 $G 3"
	wait_for c "paused"
	tm send-keys -t c c
	if wait_for c "[FIX] t=0ns" && screen c | grep -qF "[BUG] t=0ns"; then ok "tmux: c shows both runs"; else bad "tmux: c: $(screen c | head -3)"; fi
	tm send-keys -t c ']'
	m1=$(grep -o '^moments *[0-9.]*[nuµm]*s' scenarios/03-lockosthread-leak.gmp | awk '{print $2}')
	# the two runs and the footer are drawn as each run reaches the moment:
	# wait for the whole screen, not for its first part
	at_moment() {
		local s
		s=$(screen c)
		grep -qF "moment 1 of" <<<"$s" && grep -q "\[BUG\] t=${m1%ms}\.000ms" <<<"$s" &&
			grep -q "\[FIX\] t=${m1%ms}\.000ms" <<<"$s"
	}
	for ((i = 0; i < 50; i++)); do at_moment && break; sleep 0.1; done
	if at_moment; then
		ok "tmux: ] moves both to the first moment ($m1)"
	else
		bad "tmux: ]: $(screen c | grep -o '\[[A-Z]*\] [a-z ]*t=[0-9.a-zµ]*' | tr '\n' ' ')"
	fi
	before=$(screen c | head -1 | grep -o 't=[0-9.]*[nµum]*s')
	tm send-keys -t c g u
	if wait_for c "no SIGURG in either run" 100; then
		after=$(screen c | head -1 | grep -o 't=[0-9.]*[nµum]*s')
		[[ $before == "$after" ]] && ok "tmux: g u keeps $after and says so" || bad "tmux: g u moved $before → $after"
	else
		bad "tmux: g u: no notice: $(screen c | tail -1)"
	fi
	tm send-keys -t c Left
	if wait_for c "[BUG] t=0ns" && screen c | grep -qF "[FIX] t=0ns"; then
		ok "tmux: ← after ] puts both runs back where the moment began"
	else
		bad "tmux: ←: $(screen c | grep -o '\[[A-Z]*\] [a-z ]*t=[0-9.a-zµ]*' | tr '\n' ' ')"
	fi
	tm new-session -d -s t -x 120 -y 36 "LANG=C.UTF-8 LC_ALL=C.UTF-8 $G 0"
	tm send-keys -t c q
	wait_for t "paused"
	tm send-keys -t t c
	wait_for t "compare: this scenario has one variant" && ok "tmux: c on the tour says so" ||
		bad "tmux: c on the tour: $(screen t | tail -1)"
	tm send-keys -t t q
fi
rm -rf "$tmp"
echo "compare: $fails failure(s)"
[[ $fails -eq 0 ]]
