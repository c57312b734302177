#!/usr/bin/env bash
# tests/symptoms.sh — every bug scenario names its symptom, and the fix
# improves it: `gmpscope check --metrics FILE` of scenarios 01-18 writes
# `bug symptom.N V` and `fix symptom.N V` for each `symptom` line, and for
# each the bug's value is worse than the fix's in the direction the line
# names (higher or lower). Values are read at the end of each run (check
# runs every variant to its end, where every metric is defined).
# Then at the scenario's first moment (`record N --compare fix --until M1
# --metrics FILE`): each symptom defined on both sides there (one defined at
# the end, such as exit_code, is not until its run has ended) is worse on
# the bug side, and at least one is: the first moment shows the symptom.
# Usage: GMPSCOPE=build/gmpscope bash tests/symptoms.sh
set -u
GMPSCOPE=${GMPSCOPE:-build/gmpscope}
ROOT=${GMPSCOPE_ROOT:-$(pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
files=$(ls "$ROOT"/scenarios/[01][0-9]-*.gmp | grep -v '/00-')
# shellcheck disable=SC2086
"$GMPSCOPE" check --metrics "$tmp/m.txt" $files >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -ne 0 ]]; then
	echo "symptoms: FAIL: check exited $rc: $(tail -1 "$tmp/out") $(head -1 "$tmp/err")"
	exit 1
fi
for f in $files; do
	name=$(basename "$f" .gmp)
	mapfile -t dirs < <(awk '$1 == "symptom" { for (i = 2; i <= NF; i++) if ($i == "higher" || $i == "lower") d = $i; print d }' "$f")
	if [[ ${#dirs[@]} -eq 0 ]]; then
		echo "symptoms: FAIL: $name has no symptom line"
		fails=$((fails + 1))
		continue
	fi
	block=$(awk -v s="# $name" '$0 == s { on = 1; next } /^#/ && $2 != "unit" { on = 0 } /^#/ { next } on' "$tmp/m.txt")
	for i in "${!dirs[@]}"; do
		n=$((i + 1))
		b=$(awk -v k="symptom.$n" '$1 == "bug" && $2 == k { print $3 }' <<<"$block")
		x=$(awk -v k="symptom.$n" '$1 == "fix" && $2 == k { print $3 }' <<<"$block")
		if [[ -z $b || -z $x ]]; then
			echo "symptoms: FAIL: $name symptom.$n: no value (bug '$b', fix '$x')"
			fails=$((fails + 1))
		elif awk -v b="$b" -v x="$x" -v d="${dirs[$i]}" 'BEGIN { exit !((d == "higher" && b > x) || (d == "lower" && b < x)) }'; then
			echo "symptoms: ok: $name symptom.$n (${dirs[$i]} is worse): bug $b, fix $x"
		else
			echo "symptoms: FAIL: $name symptom.$n (${dirs[$i]} is worse): bug $b, fix $x"
			fails=$((fails + 1))
		fi
	done
done
# worse B X DIR: B is worse than X in direction DIR (higher or lower)
worse() { awk -v b="$1" -v x="$2" -v d="$3" 'BEGIN { exit !((d == "higher" && b > x) || (d == "lower" && b < x)) }'; }
for f in $files; do
	name=$(basename "$f" .gmp)
	m1=$(awk '$1 == "moments" { print $2; exit }' "$f")
	mapfile -t dirs < <(awk '$1 == "symptom" { for (i = 2; i <= NF; i++) if ($i == "higher" || $i == "lower") d = $i; print d }' "$f")
	if [[ -z $m1 ]]; then
		echo "symptoms: FAIL: $name names no moments"
		fails=$((fails + 1))
		continue
	fi
	if ! "$GMPSCOPE" record "$f" --compare fix --until "$m1" --metrics "$tmp/m1.txt" >/dev/null 2>"$tmp/err"; then
		echo "symptoms: FAIL: $name record --until $m1: $(head -1 "$tmp/err")"
		fails=$((fails + 1))
		continue
	fi
	shown="" bad=0
	for i in "${!dirs[@]}"; do
		n=$((i + 1))
		b=$(awk -v k="symptom.$n" '$1 == "bug" && $2 == k { print $3 }' "$tmp/m1.txt")
		x=$(awk -v k="symptom.$n" '$1 == "fix" && $2 == k { print $3 }' "$tmp/m1.txt")
		[[ -z $b || -z $x ]] && continue # defined at the end only: checked above
		if worse "$b" "$x" "${dirs[$i]}"; then
			shown+=" symptom.$n bug $b, fix $x;"
		else
			echo "symptoms: FAIL: $name at $m1: symptom.$n (${dirs[$i]} is worse): bug $b, fix $x"
			bad=1
		fi
	done
	if [[ -z $shown ]]; then
		echo "symptoms: FAIL: $name: no symptom worse on the bug side at its first moment ($m1)"
		bad=1
	elif [[ $bad -eq 0 ]]; then
		echo "symptoms: ok: $name at its first moment $m1:$shown"
	fi
	fails=$((fails + bad))
done
echo "symptoms: $fails failure(s)"
[[ $fails -eq 0 ]]
