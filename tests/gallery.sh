#!/usr/bin/env bash
# tests/gallery.sh — the teaching gallery's generator (ui/web/gallery.py) on two
# scenarios (00, which has one variant, and 03, bug + fix), recorded by the
# program under test into a temporary directory:
#   - index.html lists both, each page exists, page 03 inlines its two casts
#     byte for byte ('<' written \u003c) and starts a player for each
#   - the index's symptom line and the expectations table carry the measured
#     values of `gmpscope check` (exact figures)
#   - nothing is fetched from the network: no http(s) or protocol-relative
#     src/href, the player comes from vendor/ beside the pages
#   - every <img> has a non-empty alt
#   - a missing source cast: exit 2, one line naming it, the old site untouched
set -uo pipefail
root=${GMPSCOPE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
prog=${GMPSCOPE:-$root/build/gmpscope}
py=/usr/bin/python3
[[ -x $py ]] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "gallery: FAIL: $*"; exit 1; }

mkdir "$tmp/scen"
cp "$root/scenarios/00-tour.gmp" "$root/scenarios/03-lockosthread-leak.gmp" "$tmp/scen/"
"$py" "$root/ui/web/gallery.py" record "$prog" "$tmp/scen" "$tmp/src" || fail "record"
out=$("$py" "$root/ui/web/gallery.py" build "$tmp/scen" "$tmp/src" "$root/ui/web" "$tmp/site") || fail "build"
[[ $out == "gallery: $tmp/site/index.html and 2 scenario pages" ]] || fail "build said: $out"
p03=$tmp/site/03-lockosthread-leak.html
for f in index.html 00-tour.html 03-lockosthread-leak.html img/03-lockosthread-leak-light.svg \
	gallery.js gallery.css vendor/asciinema-player/asciinema-player.min.js vendor/asciinema-player/LICENSE; do
	[[ -s $tmp/site/$f ]] || fail "missing $f"
done
[[ $(grep -c '<tr><td>0[03]</td>' "$tmp/site/index.html") -eq 2 ]] || fail "index rows"

# The casts, byte for byte, and one player per cast.
"$py" - "$p03" "$tmp/src" <<'PY' || fail "inlined casts differ from the recordings"
import re, sys
page = open(sys.argv[1], encoding='utf-8').read()
blocks = re.findall(r'<script type="application/x-asciicast" id="cast-(\w+)">\n(.*?)</script>', page, re.S)
assert [b[0] for b in blocks] == ['bug', 'fix'], blocks and [b[0] for b in blocks]
for v, text in blocks:
    want = open('%s/03-lockosthread-leak-%s.cast' % (sys.argv[2], v), encoding='utf-8').read()
    assert text == want.replace('<', '\\u003c'), v
    assert '<div class="player" data-cast="cast-%s"' % v in page, v
PY

# Measured values (gmpscope check on 03; same figures as check_all.sh sees).
grep -qF 'threads_exited: 119 on the bug, 0 on the fix (higher is worse); threads_created: 125 on the bug, 13 on the fix (higher is worse)' \
	"$tmp/site/index.html" || fail "index symptom line of 03"
grep -qF '<tr><td>fix</td><td><code>threads_created &lt;= GOMAXPROCS + batch + 6</code></td><td>13 ok</td></tr>' "$p03" ||
	fail "expectation row of 03"

# Values in their unit: check --metrics's `# unit symptom.N U` lines (01: a
# duration in ns, shown as the terminal shows it).
"$prog" check --metrics "$tmp/m01.txt" "$root/scenarios/01-tight-loop-go113.gmp" >/dev/null
grep -qx '# unit symptom.1 ns' "$tmp/m01.txt" || fail "no unit line for 01's starved_max"
"$py" - "$root/ui/web" <<'PY' || fail "symptom values in their unit"
import sys
sys.path.insert(0, sys.argv[1])
import gallery
m = '# 01\n# unit symptom.1 ns\nbug symptom.1 600000000\nfix symptom.1 7139\nbug symptom.2 1\nfix symptom.2 0\n'
sc = {'symptoms': ['starved_max higher', 'hung higher at end']}
got = gallery.symptom_line(sc, m)
want = ('starved_max: 600ms on the bug, 7.139us on the fix (higher is worse); '
        'hung: 1 on the bug, 0 on the fix (higher is worse)')
assert got == want, got
assert [gallery.fmt('2097152', 'bytes'), gallery.fmt('46.875', '%'), gallery.fmt('12.5', '/s')] == \
    ['2 MiB', '46.9%', '12.5/s']
PY
grep -qF '<details class="explain"><summary>Reveal the explanation</summary>' "$p03" || fail "reveal control"

# Offline: nothing remote in any page.
if grep -nE '(src|href)="(https?:)?//' "$tmp"/site/*.html; then fail "a page refers to the network"; fi
# Alt text on every image.
n_img=$(grep -o '<img ' "$tmp"/site/*.html | wc -l)
n_alt=$(grep -oE '<img [^>]*alt="[^"]+"' "$tmp"/site/*.html | wc -l)
[[ $n_img -eq 4 && $n_alt -eq $n_img ]] || fail "$n_alt of $n_img images have alt text"

# A missing source cast: one line, exit 2, nothing written.
rm "$tmp/src/03-lockosthread-leak-fix.cast"
touch "$tmp/site/marker"
"$py" "$root/ui/web/gallery.py" build "$tmp/scen" "$tmp/src" "$root/ui/web" "$tmp/site" >"$tmp/out" 2>"$tmp/err"
rc=$?
[[ $rc -eq 2 ]] || fail "missing cast: exit status $rc, expected 2"
want="gallery: $tmp/src/03-lockosthread-leak-fix.cast: missing source cast (\`scons gallery\` records it)"
[[ $(cat "$tmp/err") == "$want" && ! -s $tmp/out ]] || fail "missing cast said: $(cat "$tmp/err")"
[[ -e $tmp/site/marker ]] || fail "a failed build touched the old site"
echo "gallery: ok (2 pages, casts inlined byte for byte, measured values, offline, alt text, missing cast)"
