#!/usr/bin/env python3
"""gallery.py - the teaching gallery: a static site of every scenario.

    gallery.py record GMPSCOPE SCENARIO_DIR SRC_DIR
        record each scenario's material into SRC_DIR with the program:
        NN-slug-VARIANT.cast (bug and fix, or the first variant when the
        scenario has neither), NN-slug-light.svg (compare mode at the first
        moment in --theme light, or the one variant), NN-slug.check (the
        output of `gmpscope check`) and NN-slug.metrics (check --metrics).
    gallery.py build SCENARIO_DIR SRC_DIR WEB_DIR OUT_DIR
        write OUT_DIR/index.html and OUT_DIR/NN-slug.html from that material,
        copy the player (WEB_DIR/vendor/asciinema-player), gallery.css and
        gallery.js beside them. The casts are inlined in the pages (a page
        opened from file:// cannot fetch a file), so the folder works offline
        and can be copied anywhere as it is.

Every problem is one line on stderr and exit status 2 (a missing cast: its
path). Python 3 standard library only; the build needs no network.
"""
import concurrent.futures
import html
import os
import re
import shutil
import subprocess
import sys


class GalleryError(Exception):
    """GalleryError is a problem reported as one line."""


def unquote(s):
    """unquote decodes a scenario string ("..." with \\" \\\\ \\n \\t)."""
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        return s
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s[1:-1])


def dedent(lines):
    """dedent removes the common leading indentation (heredoc rule of scenarios/README.md)."""
    ind = [len(l) - len(l.lstrip(' \t')) for l in lines if l.strip()]
    cut = min(ind) if ind else 0
    return '\n'.join(l[cut:] for l in lines).strip('\n')


def parse_scenario(path):
    """parse_scenario reads the top-level lines the gallery shows (display only:
    the program parses and checks the file; this only picks out texts)."""
    sc = {'path': path, 'base': os.path.basename(path)[:-4], 'variants': [], 'explain': {},
          'listing': {}, 'symptoms': [], 'moment': '', 'title': '', 'family': ''}
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        words = line.split(None, 2)
        if not words or line[0] in ' \t#':
            continue
        key, rest = words[0], line[len(words[0]):].strip()
        heredoc = re.search(r'<<(\w+)\s*$', rest)
        text = None
        if heredoc:
            body = []
            while i < len(lines) and lines[i].strip() != heredoc.group(1):
                body.append(lines[i])
                i += 1
            i += 1
            text = dedent(body)
            rest = rest[:heredoc.start()].strip()
        rest = re.sub(r'\s+#.*$', '', rest) if text is not None or '"' not in rest else rest
        if key == 'title':
            sc['title'] = unquote(rest)
        elif key == 'family':
            sc['family'] = rest.split()[0]
        elif key == 'moments':
            sc['moment'] = rest.split()[0]
        elif key == 'variant':
            sc['variants'].append(rest.split()[0])
        elif key == 'symptom':
            sc['symptoms'].append(re.sub(r'\s+#.*$', '', rest))
        elif key in ('explain', 'listing'):
            name, _, val = rest.partition(' ')
            sc[key][name] = text if text is not None else unquote(val)
    if not sc['variants']:
        raise GalleryError('%s: no variant' % path)
    sc['cast_variants'] = [v for v in ('bug', 'fix') if v in sc['variants']] or sc['variants'][:1]
    return sc


def scenarios_in(sdir):
    """scenarios_in lists the numbered scenarios of a directory (NN-slug.gmp), in order."""
    try:
        names = sorted(n for n in os.listdir(sdir) if re.match(r'^\d\d-.+\.gmp$', n))
    except OSError as e:
        raise GalleryError('%s: %s' % (sdir, e.strerror))
    if not names:
        raise GalleryError('%s: no NN-slug.gmp scenario' % sdir)
    return [parse_scenario(os.path.join(sdir, n)) for n in names]


def record_one(prog, sc, src):
    """record_one writes one scenario's casts, light screenshot, check output and metrics."""
    base, gmp = sc['base'], sc['path']
    jobs = [[prog, 'record', gmp, '--variant', v, '--cast', os.path.join(src, '%s-%s.cast' % (base, v))]
            for v in sc['cast_variants']]
    shot = [prog, 'record', gmp, '--theme', 'light', '--screens', os.path.join(src, base + '.screens')]
    if sc['moment']:
        shot += ['--until', sc['moment']]
    if 'bug' in sc['variants'] and 'fix' in sc['variants']:
        shot += ['--compare', 'fix', '--size', '200x50']
    jobs.append(shot)
    for cmd in jobs:
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise GalleryError('%s: %s' % (' '.join(cmd[1:4]), r.stderr.strip() or 'failed'))
    shutil.move(os.path.join(src, base + '.screens', 'end.svg'), os.path.join(src, base + '-light.svg'))
    shutil.rmtree(os.path.join(src, base + '.screens'))
    metrics = os.path.join(src, base + '.metrics')
    r = subprocess.run([prog, 'check', '--metrics', metrics, gmp], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise GalleryError('check %s: %s' % (gmp, r.stderr.strip()))
    with open(os.path.join(src, base + '.check'), 'w', encoding='utf-8') as f:
        f.write(r.stdout)


def cmd_record(prog, sdir, src):
    """cmd_record records every scenario's material, two at a time."""
    scs = scenarios_in(sdir)
    os.makedirs(src, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        for f in [ex.submit(record_one, prog, sc, src) for sc in scs]:
            f.result()


def read_src(src, name):
    """read_src reads one recorded file; a missing one is the one-line error."""
    path = os.path.join(src, name)
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except FileNotFoundError:
        kind = 'cast' if name.endswith('.cast') else 'file'
        raise GalleryError('%s: missing source %s (`scons gallery` records it)' % (path, kind))


def symptom_line(sc, metrics):
    """symptom_line is the index's one-line symptom: each symptom metric, bug vs fix."""
    vals, units = {}, {}
    for line in metrics.split('\n'):
        w = line.split()
        if len(w) == 4 and w[:2] == ['#', 'unit']:
            units[w[2]] = w[3]
        elif len(w) == 3 and w[1].startswith('symptom.'):
            vals[(w[0], w[1])] = w[2]
    parts = []
    for k, expr in enumerate(sc['symptoms'], 1):
        what = re.sub(r'\s+(higher|lower)(\s+at end)?$', '', expr)
        worse = 'higher' if re.search(r'\bhigher\b', expr) else 'lower'
        bug, fix = vals.get(('bug', 'symptom.%d' % k)), vals.get(('fix', 'symptom.%d' % k))
        if bug is not None and fix is not None:
            u = units.get('symptom.%d' % k)
            parts.append('%s: %s on the bug, %s on the fix (%s is worse)' %
                         (what, fmt(bug, u), fmt(fix, u), worse))
    return '; '.join(parts) or 'a healthy program: the reference for the others'


def fmt(v, unit=None):
    """fmt shortens a measured number for reading (4 significant digits), in
    its unit: ns as the largest of s, ms, us, ns that keeps it >= 1 (as the
    terminal shows durations), bytes as KiB/MiB/GiB, % and /s appended."""
    try:
        f = float(v)
    except ValueError:
        return v
    def short(x):
        return str(int(x)) if x == int(x) and abs(x) < 1e15 else '%.4g' % x
    if unit == 'ns':
        for scale, name in ((1e9, 's'), (1e6, 'ms'), (1e3, 'us')):
            if abs(f) >= scale:
                return short(f / scale) + name
        return short(f) + 'ns'
    if unit == 'bytes':
        for scale, name in ((1 << 30, 'GiB'), (1 << 20, 'MiB'), (1 << 10, 'KiB')):
            if abs(f) >= scale:
                return short(f / scale) + ' ' + name
        return short(f) + ' B'
    if unit == '%':
        return '%.1f%%' % f
    if unit == '/s':
        return short(f) + '/s'
    return short(f)


def inline_cast(text):
    """inline_cast makes a cast safe inside a <script> data block: '<' only occurs
    inside JSON strings, where \\u003c means the same character."""
    return text.replace('<', '\\u003c')


PAGE = '''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="vendor/asciinema-player/asciinema-player.css">
<link rel="stylesheet" href="gallery.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="breadcrumb"><a href="index.html">gmpscope gallery</a>{nav}</nav></header>
<main id="main">
{body}
</main>
<script src="vendor/asciinema-player/asciinema-player.min.js"></script>
<script src="gallery.js"></script>
</body>
</html>
'''


def esc(s):
    """esc escapes text for HTML."""
    return html.escape(s, quote=True)


def scenario_body(sc, src):
    """scenario_body is one scenario page's <main>: symptom, screenshot, players,
    listings, the explanation behind a reveal control, the expectations."""
    base = sc['base']
    casts = [(v, read_src(src, '%s-%s.cast' % (base, v))) for v in sc['cast_variants']]
    metrics = read_src(src, base + '.metrics')
    check = read_src(src, base + '.check')
    read_src(src, base + '-light.svg')
    num = base[:2]
    out = ['<h1>%s &mdash; %s</h1>' % (num, esc(sc['title'])),
           '<p class="family">family: %s</p>' % esc(sc['family']),
           '<p class="symptom">%s</p>' % esc(symptom_line(sc, metrics))]
    shot_alt = ('%s: the bug (left) and the fix (right) at %s, in gmpscope\'s compare mode'
                if len(casts) == 2 else '%s at %s') % (sc['title'], sc['moment'] or 'the end')
    out.append('<figure><img src="img/%s-light.svg" alt="%s" width="800">'
               '<figcaption>%s</figcaption></figure>' % (base, esc(shot_alt), esc(shot_alt)))
    out.append('<section aria-label="recordings" class="casts">')
    for v, text in casts:
        out.append('<div class="cast"><h2>%s</h2>'
                   '<div class="player" data-cast="cast-%s" role="region" aria-label="recording of the %s variant"></div>'
                   '<script type="application/x-asciicast" id="cast-%s">\n%s</script></div>'
                   % (esc(v), esc(v), esc(v), esc(v), inline_cast(text)))
    out.append('</section>')
    if sc['listing']:
        out.append('<section class="listings" aria-label="listings">')
        for name, text in sc['listing'].items():
            out.append('<div><h2>listing: %s</h2><pre><code>%s</code></pre></div>' % (esc(name), esc(text)))
        out.append('</section>')
    out.append('<details class="explain"><summary>Reveal the explanation</summary>')
    for part in ('symptom', 'subtle', 'fix'):
        if part in sc['explain']:
            paras = [p for p in sc['explain'][part].split('\n\n') if p.strip()]
            out.append('<h2>%s</h2>%s' % (part, ''.join('<p>%s</p>' % esc(p) for p in paras)))
    out.append('</details>')
    out.append('<h2>Expectations (<code>gmpscope check</code>)</h2><table class="expect">'
               '<thead><tr><th scope="col">variant</th><th scope="col">expectation</th>'
               '<th scope="col">measured</th></tr></thead><tbody>')
    for line in check.split('\n'):
        m = re.match(r'^\S+ (\S+) (.*) \.\.\. (ok|FAIL\S*) \((.*)\)$', line)
        if m:
            out.append('<tr><td>%s</td><td><code>%s</code></td><td>%s %s</td></tr>'
                       % (esc(m.group(1)), esc(m.group(2)), esc(m.group(4)), esc(m.group(3))))
    out.append('</tbody></table>')
    return '\n'.join(out)


def index_body(scs, src):
    """index_body is the index's <main>: one row per scenario with its thumbnail."""
    out = ['<h1>gmpscope: the Go scheduler, scenario by scenario</h1>',
           '<p>Each page plays a bug and its fix side by side. Guess first, then reveal the explanation.</p>',
           '<table class="index"><thead><tr><th scope="col">#</th><th scope="col">scenario</th>'
           '<th scope="col">family</th><th scope="col">symptom</th><th scope="col">screen</th></tr></thead><tbody>']
    for sc in scs:
        base = sc['base']
        line = symptom_line(sc, read_src(src, base + '.metrics'))
        out.append('<tr><td>%s</td><td><a href="%s.html">%s</a></td><td>%s</td><td>%s</td>'
                   '<td><a href="%s.html" tabindex="-1"><img src="img/%s-light.svg" width="200" '
                   'alt="thumbnail of scenario %s, %s" loading="lazy"></a></td></tr>'
                   % (base[:2], base, esc(sc['title']), esc(sc['family']), esc(line), base, base,
                      base[:2], esc(sc['title'])))
    out.append('</tbody></table>')
    return '\n'.join(out)


def write(path, text):
    """write writes one output file."""
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def cmd_build(sdir, src, web, out):
    """cmd_build writes the site; every source is read before anything is written."""
    scs = scenarios_in(sdir)
    pages = [(sc, scenario_body(sc, src)) for sc in scs]
    index = index_body(scs, src)
    vendor = os.path.join(web, 'vendor', 'asciinema-player')
    for need in ('asciinema-player.min.js', 'asciinema-player.css', 'LICENSE'):
        if not os.path.isfile(os.path.join(vendor, need)):
            raise GalleryError('%s: missing vendored player file' % os.path.join(vendor, need))
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, 'img'))
    shutil.copytree(vendor, os.path.join(out, 'vendor', 'asciinema-player'))
    for f in ('gallery.css', 'gallery.js'):
        shutil.copyfile(os.path.join(web, f), os.path.join(out, f))
    for sc, body in pages:
        shutil.copyfile(os.path.join(src, sc['base'] + '-light.svg'),
                        os.path.join(out, 'img', sc['base'] + '-light.svg'))
        nav = ' &rsaquo; %s' % esc(sc['base'])
        write(os.path.join(out, sc['base'] + '.html'),
              PAGE.format(title=esc('%s %s - gmpscope' % (sc['base'][:2], sc['title'])), nav=nav, body=body))
    write(os.path.join(out, 'index.html'), PAGE.format(title='gmpscope gallery', nav='', body=index))
    return len(pages)


def main(argv):
    """main dispatches record and build; every error is one line, exit 2."""
    try:
        if len(argv) == 5 and argv[1] == 'record':
            cmd_record(*argv[2:])
        elif len(argv) == 6 and argv[1] == 'build':
            n = cmd_build(*argv[2:])
            print('gallery: %s/index.html and %d scenario pages' % (argv[5], n))
        else:
            raise GalleryError('usage: gallery.py record GMPSCOPE SCENARIO_DIR SRC_DIR | '
                               'build SCENARIO_DIR SRC_DIR WEB_DIR OUT_DIR')
    except GalleryError as e:
        print('gallery: %s' % e, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
