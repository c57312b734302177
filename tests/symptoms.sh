#!/usr/bin/env bash
# tests/symptoms.sh — every bug scenario names its symptom, and the fix
# improves it: `gmpscope check --metrics FILE` of scenarios 01-18 writes
# `bug symptom.N V` and `fix symptom.N V` for each `symptom` line, and for
# each the bug's value is worse than the fix's in the direction the line
# names (higher or lower). Values are read at the end of each run (check
# runs every variant to its end, where every metric is defined).
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
	block=$(awk -v s="# $name" '$0 == s { on = 1; next } /^#/ { on = 0 } on' "$tmp/m.txt")
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
echo "symptoms: $fails failure(s)"
[[ $fails -eq 0 ]]
