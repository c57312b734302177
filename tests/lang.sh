#!/usr/bin/env bash
# lang.sh — the scenario language's constructs end to end: every
# tests/lang/*.gmp passes `gmpscope check` (exit 0), and every
# tests/lang/errors/*.gmp is rejected with exactly the one line its first
# comment (`# want: ...`) names, and exit status 2.
set -euo pipefail
: "${GMPSCOPE:=build/gmpscope}"
GMPSCOPE=$(cd "$(dirname "$GMPSCOPE")" && pwd)/$(basename "$GMPSCOPE")
cd "$(dirname "$0")/lang"
"$GMPSCOPE" check ./*.gmp
fail=0
n=0
cd errors
for f in *.gmp; do
	n=$((n + 1))
	want=$(sed -n '1s/^# want: //p' "$f")
	set +e
	got=$("$GMPSCOPE" check "$f" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -ne 2 ] || [ "$got" != "$want" ]; then
		printf 'lang.sh: %s: exit %d\n  got:  %s\n  want: %s\n' "$f" "$rc" "$got" "$want"
		fail=1
	fi
done
if [ "$fail" -eq 0 ]; then
	echo "lang.sh: $n bad files, one exact line each, exit 2"
fi
exit "$fail"
