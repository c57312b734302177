#!/usr/bin/env bash
# metrics_doc.sh — the metric table in scenarios/README.md is `gmpscope
# metrics`, row for row: both come from the one table of metrics in
# engine/runtime/metrics.c. A drift fails with the diff. With --update, the
# table (between its two marker comments) is rewritten from `gmpscope metrics`.
# Needs GMPSCOPE (set by scons test; build/gmpscope for --update by hand).
set -u
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
prog=${GMPSCOPE:-$root/build/gmpscope}
readme=$root/scenarios/README.md
begin='<!-- metrics: generated from `gmpscope metrics` by tests/metrics_doc.sh --update -->'
end='<!-- end of metrics -->'

# table prints the markdown table of `gmpscope metrics`: name, then meaning
# (the name is padded with spaces; no name holds one).
table() {
	echo '| metric | meaning |'
	echo '|---|---|'
	"$prog" metrics | sed -E 's/\|/\\|/g; s/^([^ ]+) +(.*)$/| `\1` | \2 |/'
}

want=$(table) || { echo "metrics_doc: $prog metrics failed"; exit 1; }
if ! grep -qxF "$begin" "$readme" || ! grep -qxF "$end" "$readme"; then
	echo "metrics_doc: scenarios/README.md has lost its metrics markers"
	exit 1
fi
have=$(awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on { print } $0 == b { on = 1 }' "$readme")

if [[ ${1:-} == --update ]]; then
	tmp=$(mktemp)
	T=$want awk -v b="$begin" -v e="$end" '
		$0 == e { print ENVIRON["T"]; on = 0 }
		!on { print }
		$0 == b { on = 1 }' "$readme" >"$tmp" && mv "$tmp" "$readme"
	exit 0
fi
if [[ $have != "$want" ]]; then
	echo "metrics_doc: scenarios/README.md's metric table differs from \`gmpscope metrics\`"
	echo "(run tests/metrics_doc.sh --update):"
	diff <(echo "$have") <(echo "$want")
	exit 1
fi
echo "metrics_doc: scenarios/README.md lists the $(( $(wc -l <<<"$want") - 2 )) metrics of \`gmpscope metrics\`"
