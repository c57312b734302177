#!/usr/bin/env bash
# generate.sh OUTDIR — record the README images into OUTDIR (created if missing).
#
# Used by `scons screenshots` (OUTDIR = screenshots/) and by
# tests/screenshots_uptodate.sh (a temporary OUTDIR, then diffed). For every
# scenarios/NN-slug.gmp:
#   NN-slug-compare.svg  compare mode, bug beside fix on one clock, at the
#                     scenario's first moment, 200x50 (it replaces the separate
#                     bug and fix shots: both runs at the same instant and scale,
#                     the diff and the symptom table on one image)
#   00-tour-bug.svg   the tour (one variant) at its first moment
# plus
#   00-tour.cast      an asciicast of the whole tour (when 00-tour.gmp exists)
#   hero.svg          scenario 03's bug mid-symptom, 160x48
#   hero-light.svg    the same in --theme light (dark text on white, for slides)
#   hero-80x24.svg    the same on an 80x24 projector: P rows, M strip, timeline
# A scenario without `moments` is shot at the end of its run. Everything is
# recorded by `gmpscope record`, so the files are byte-identical on every
# machine. Needs GMPSCOPE (the program; default build/gmpscope).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: generate.sh OUTDIR}
prog=$(realpath "${GMPSCOPE:-$root/build/gmpscope}")
mkdir -p "$out"
# Each recording writes its files through fsync; on a tmpfs that costs nothing.
shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$shm/gmp-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# shoot FILE VARIANT UNTIL DEST [OPTION...]: the screen of VARIANT at UNTIL ("" =
# the end) as DEST, 160x48 unless an OPTION says otherwise. The recordings run
# in parallel (each in its own directory).
pids=()
shoot() {
	local file=$1 variant=$2 until=$3 dest=$4 args=()
	shift 4
	[[ " $* " == *" --size "* ]] || args+=(--size 160x48)
	local dir="$tmp/$(basename "$dest")"
	[[ -n $variant ]] && args+=(--variant "$variant")
	[[ -n $until ]] && args+=(--until "$until")
	args+=("$@")
	( "$prog" record "$file" "${args[@]}" --screens "$dir" &&
	  cp "$dir/end.svg" "$dest" ) &
	pids+=($!)
}

shopt -s nullglob
for f in "$root"/scenarios/[0-9][0-9]-*.gmp; do
	base=$(basename "$f" .gmp)
	moment=$(awk '$1 == "moments" { print $2; exit }' "$f")
	if grep -Eq '^variant[[:space:]]+fix([[:space:]]|$)' "$f"; then
		shoot "$f" "" "$moment" "$out/$base-compare.svg" --compare fix --size 200x50
	else
		shoot "$f" "" "$moment" "$out/$base-bug.svg"
	fi
	if [[ $base == 03-* ]]; then
		shoot "$f" "" "$moment" "$out/hero.svg"
		shoot "$f" "" "$moment" "$out/hero-light.svg" --theme light
		shoot "$f" "" "$moment" "$out/hero-80x24.svg" --size 80x24
	fi
done
if [[ -f $root/scenarios/00-tour.gmp ]]; then
	"$prog" record "$root/scenarios/00-tour.gmp" --cast "$out/00-tour.cast" &
	pids+=($!)
fi
status=0
for pid in "${pids[@]}"; do
	wait "$pid" || status=1
done
exit $status
