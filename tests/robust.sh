#!/usr/bin/env bash
# robust.sh — `gmpscope check` of the robustness copies in tests/robust/:
# scenarios rerun with other numbers (another GOMAXPROCS, twice the
# goroutines, another seed). Each must still show its symptom in the bug
# variant and lose it in the fix, which proves the symptom comes from the
# engine's mechanics and not from one lucky choice of parameters.
set -euo pipefail
: "${GMPSCOPE:=build/gmpscope}"
cd "${GMPSCOPE_ROOT:-.}"
shopt -s nullglob
files=(tests/robust/*.gmp)
if [ ${#files[@]} -eq 0 ]; then
	echo "robust.sh: no tests/robust/*.gmp" >&2
	exit 1
fi
exec "$GMPSCOPE" check "${files[@]}"
