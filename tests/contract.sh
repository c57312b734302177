#!/usr/bin/env bash
# contract.sh — the engine→UI contract stays typed (engine/engine.h): no
# timeline segment kind and no event code is written as a bare number, in the
# engine that produces them or in the UI that reads them. Codes are the
# enums beside gmp_evkind (gmp_execslice, gmp_exitsyscall, gmp_lockedop...).
set -u
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 1
bad=$(grep -rnE 'seg_open\([^;]*, [0-9]+, |aux2 (=|==|!=) [0-9]|\.kind == [0-9]' \
	--include='*.c' --include='*.h' engine ui)
if [[ -n $bad ]]; then
	echo "contract: bare segment kinds or event codes (use the enums of engine.h):"
	echo "$bad"
	exit 1
fi
echo "contract: segment kinds and event codes are named"
