#!/usr/bin/env bash
# check_all.sh — `gmpscope check` of every scenario in scenarios/: every
# expectation of every variant must hold (this is what proves each scenario
# still shows its symptom, and its fix removes it).
set -euo pipefail
: "${GMPSCOPE:=build/gmpscope}"
exec "$GMPSCOPE" check
