#!/usr/bin/env bash
# check_seeds.sh — `gmpscope check --seeds 20` of every scenario: each
# expectation must hold at the rate it states (every seed for a plain one,
# at least P % for `... in >= P% of seeds`), under the fixed list of 20 seeds
# derived from each scenario's seed. Release build only: ~20 runs of
# check_all's work (~1 s a seed), too slow under the sanitizers or -O0.
set -euo pipefail
: "${GMPSCOPE:=build/gmpscope}"
if [[ -n ${BUILD_DIR:-} && $(basename "$BUILD_DIR") != build ]]; then
	echo "check_seeds: skipped in $(basename "$BUILD_DIR") (release build only)"
	exit 0
fi
exec "$GMPSCOPE" check --seeds 20
