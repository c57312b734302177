#!/usr/bin/env bash
# tests/quiz.sh — the find-the-bug quiz (`gmpscope quiz`), headless and in tmux.
#
# 1. Every shipped bug is a question: `quiz --record` of each scenario with
#    defect lines, played to its end without answering, never draws its title,
#    slug, family field or a variant badge on any screen written (end.txt and
#    every mark-*.txt); the tour has no defect lines and is refused by name.
# 2. A headless quiz of three scenarios (03, 05, 14) replayed from one key
#    script twice gives byte-identical screens and casts; its summary counts
#    the answers: 03 line 3 right, 05 line 1 not this one, 14 line 1 right,
#    with each question's time on the script's clock (2.0s, 1.0s, 0.5s).
# 3. Bad arguments: one line on stderr, exit 2, nothing written.
# 4. tmux (skipped without it): `gmpscope quiz 3` at 160x48 shows the
#    scheduler without 03's names; a defect line + Enter says "right" and the
#    explanation, Enter opens compare mode; a non-defect line says "not this
#    one"; q q quits with the summary on stdout. The same at 80x24.
# Usage: GMPSCOPE=build/gmpscope bash tests/quiz.sh
set -u
GMPSCOPE=${GMPSCOPE:-build/gmpscope}
ROOT=${GMPSCOPE_ROOT:-.}
tmp=$(mktemp -d)
fails=0
ok() { echo "quiz: ok: $*"; }
bad() {
	echo "quiz: FAIL: $*"
	fails=$((fails + 1))
}

# ---- 1. nothing names the scenario before the answer --------------------
nq=0
for f in "$ROOT"/scenarios/[0-9][0-9]-*.gmp; do
	grep -q '^defect bug ' "$f" || continue
	nq=$((nq + 1))
	num=$(basename "$f" | cut -c1-2)
	slug=$(awk '$1 == "scenario" {print $3}' "$f")
	title=$(sed -n 's/^title *"\(.*\)"$/\1/p' "$f")
	family=$(awk '$1 == "family" {print $2}' "$f")
	d=$tmp/scan/$num
	"$GMPSCOPE" quiz --record --fps 2 --screens "$d" --keys "enter space" "$f" 2>"$tmp/err" ||
		{ bad "$num: quiz --record failed: $(head -1 "$tmp/err")"; continue; }
	leaks=$(cat "$d"/*.txt | grep -nF -e "$title" -e "$slug" -e "[BUG" -e "[FIX" -e "Source: bug" -e "[bug]" |
		head -3)
	# a family *field*: "(slug, family)" or the picker's column; the word
	# itself may be an ordinary label ("threads live")
	fam=$(cat "$d"/*.txt | grep -nE "(, |\()$family\)|family" | head -3)
	# the symptom lines (▲/▼ and the metric) would point at the bug too
	while read -r _ sym _; do
		s=$(cat "$d"/*.txt | grep -nF -e "▲ $sym" -e "▼ $sym" | head -1)
		[[ -n $s ]] && leaks="$leaks symptom: $s"
	done < <(awk '$1 == "symptom" {print $1, $2, $NF}' "$f")
	grep -q 'quiz · question 1 of 1' "$d/end.txt" || bad "$num: no 'question 1 of 1' header"
	if [[ -n $leaks || -n $fam ]]; then
		bad "$num: the question names the scenario: $leaks $fam"
	fi
done
[[ $nq -eq 18 ]] && ok "18 questions scanned: no title, slug, family field or badge on any screen" ||
	bad "expected 18 scenarios with defect lines, found $nq"

"$GMPSCOPE" quiz --record --screens "$tmp/t" 0 >"$tmp/out" 2>"$tmp/err"
rc=$?
[[ $rc -eq 2 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "00-tour.gmp has no \`defect\` lines" "$tmp/err" &&
	[[ ! -e $tmp/t ]] && ok "the tour is refused: $(cat "$tmp/err")" || bad "quiz 0: rc $rc: $(cat "$tmp/err")"

# ---- 2. a three-question quiz from a key script, twice ------------------
keys="enter down down 2s enter enter 500ms enter  enter 1s enter enter enter  enter 500ms enter enter q"
for run in a b; do
	"$GMPSCOPE" quiz --record --size 120x40 --screens "$tmp/$run" --cast "$tmp/$run.cast" --keys "$keys" 3 5 14 \
		2>"$tmp/err" || bad "quiz --record $run: $(head -1 "$tmp/err")"
done
end=$tmp/a/end.txt
if cmp -s "$tmp/a/end.txt" "$tmp/b/end.txt" && cmp -s "$tmp/a.cast" "$tmp/b.cast" &&
	[[ $(ls "$tmp/a" | wc -l) -eq $(ls "$tmp/b" | wc -l) ]]; then
	ok "two replays: byte-identical screens and casts"
else
	bad "two replays differ"
fi
grep -q 'right 2 · wrong 1 · not answered 0 · of 3 questions' "$end" && ok "summary: right 2, wrong 1 of 3" ||
	bad "summary line: $(grep -m1 'of 3' "$end")"
grep -qE '^│  1  03 LockOSThread without UnlockOSThread  +line 3 right +2\.0s' "$end" &&
	grep -qE '^│  2  05 .* +line 1 not this one +1\.0s' "$end" &&
	grep -qE '^│  3  14 .* +line 1 right +0\.5s' "$end" &&
	ok "summary rows: answers and times per question" || bad "summary rows: $(grep -E '^│  [123]  ' "$end")"

# ---- 3. bad arguments ----------------------------------------------------
expect_bad() {
	local want=$1
	shift
	"$GMPSCOPE" quiz "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [[ $rc -eq 2 && $(wc -l <"$tmp/err") -eq 1 && ! -s $tmp/out ]] && grep -qF -- "$want" "$tmp/err" &&
		[[ ! -e $tmp/x && ! -e $tmp/x.cast ]]; then
		ok "quiz $*: $(cat "$tmp/err")"
	else
		bad "quiz $*: rc $rc, stderr: $(cat "$tmp/err")"
	fi
}
expect_bad 'gmpscope: quiz: --shuffle: expected a whole number from 0 to 18446744073709551615, got "x"' --shuffle x
expect_bad 'gmpscope: quiz: --keys needs --record (a headless quiz)' --keys enter 3
expect_bad 'gmpscope: quiz: --screens needs --record (a headless quiz)' --screens "$tmp/x" 3
expect_bad 'gmpscope: quiz: --record needs --cast FILE or --screens DIR' --record 3
expect_bad 'gmpscope: quiz: --keys: unknown key-script token "zzz"' --record --screens "$tmp/x" --keys zzz 3
expect_bad 'gmpscope: quiz: unknown option "--until"' --until 1s 3
expect_bad 'gmpscope: quiz: unknown option "--variant"' --variant fix 3
expect_bad 'no scenario' --record --screens "$tmp/x" 99
expect_bad 'gmpscope: quiz: --record given twice' --record --record --screens "$tmp/x" 3
printf 'scenario 41 x\ntitle "x"\nfamily threads\nlisting bug <<GO\na\nGO\ndefect bug 2\n' >"$tmp/bad.gmp"
expect_bad "$tmp/bad.gmp:7:12: defect bug: expected a line number from 1 to 1, found '2'" \
	--record --screens "$tmp/x" "$tmp/bad.gmp"
"$GMPSCOPE" quiz 3 </dev/null >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 ]] && grep -q 'quiz: needs a terminal' "$tmp/err" && ok "no terminal: one line, exit 2" ||
	bad "quiz without a terminal: $(cat "$tmp/err")"

# ---- 4. tmux -------------------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
	echo "quiz: tmux is not installed: terminal part skipped"
else
	GM=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
	sock="gmpscope-quiz-$$"
	tm() { tmux -L "$sock" -f /dev/null "$@"; }
	trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
	cur=q0
	screen() { tm capture-pane -p -t "$cur"; }
	wait_for() {
		local i
		for ((i = 0; i < ${2:-10} * 10; i++)); do
			screen | grep -qF -- "$1" && return 0
			sleep 0.1
		done
		return 1
	}
	loc=C.UTF-8
	locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || loc=C
	for size in 160x48 80x24; do
		for pick in defect other; do
			# the new session first: killing the only one makes the server exit,
			# and a new-session racing that exit can be lost
			old=$cur; cur=q$(( ${cur#q} + 1 ))
			tm new-session -d -s "$cur" -x "${size%x*}" -y "${size#*x}" \
				"env TERM=xterm-256color LANG=$loc LC_ALL=$loc '$GM' quiz 3; echo EXIT=\$?; sleep 60"
			tm kill-session -t "$old" >/dev/null 2>&1
			wait_for "Find the bug — question 1 of 1" 10 || { bad "$size: no three questions"; continue; }
			tm send-keys -t "$cur" Enter
			wait_for "which line is the defect?" 5 || { bad "$size: no source cursor"; continue; }
			s=$(screen)
			if grep -qF -e "LockOSThread without" -e "lockosthread-leak" -e "[BUG" -e "threads)" <<<"$s"; then
				bad "$size: 03's names on the question screen"
			else
				grep -q "Processors (P)" <<<"$s" && grep -q "Threads (M)" <<<"$s" &&
					ok "$size $pick: the scheduler shows, 03's title, slug, badge and family do not" ||
					bad "$size: no scheduler panels"
			fi
			if [[ $pick == defect ]]; then
				tm send-keys -t "$cur" Down Down Enter
				wait_for "right — line 3 is where the defect is" 5 && ok "$size: line 3 + Enter: right" ||
					bad "$size: no 'right'"
			else
				tm send-keys -t "$cur" Down Enter
				wait_for "not this one — line 2 is not a defect line" 5 && ok "$size: line 2 + Enter: not this one" ||
					bad "$size: no 'not this one'"
			fi
			wait_for "Why it is subtle" 2 && ok "$size $pick: the explanation follows" || bad "$size: no explanation"
			tm send-keys -t "$cur" Enter
			wait_for "[bug] vs [fix]" 5 && ok "$size $pick: Enter opens compare mode" || bad "$size: no compare mode"
			tm send-keys -t "$cur" q
			wait_for "quiz over" 5 || bad "$size: q gave no summary"
			tm send-keys -t "$cur" q
			wait_for "EXIT=" 5
			if [[ $pick == defect ]]; then w='line 3 right'; else w='line 2 not this one'; fi
			screen | grep -q "EXIT=0" && screen | grep -q "$w" && screen | grep -q "right [01], wrong [01], of 1 questions" &&
				ok "$size $pick: exit 0, the summary on stdout" || bad "$size: $(screen | grep -v '^$')"
		done
	done
fi

rm -rf "$tmp"
if [[ $fails -gt 0 ]]; then
	echo "quiz: $fails failure(s)"
	exit 1
fi
echo "quiz: all ok"
