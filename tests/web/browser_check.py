#!/usr/bin/env python3
"""browser_check.py GALLERY_DIR PAGE [SHOT.png] - open a gallery in headless Chromium.

Drives Chromium through the DevTools protocol (python3-websocket) and checks:
  - the index loads with its 19-or-fewer scenario rows and no console error;
  - on PAGE (e.g. 03-lockosthread-leak.html): an asciinema player element
    (.ap-player) exists for every inlined cast, each with a play button in
    the Tab order (keyboard access), and the first player plays:
    its current time, polled after play(), advances past 0.5 s within 20 s;
  - no console error, no uncaught exception, no failed resource load on
    either page;
  - a screenshot of PAGE is not blank: at least 16 distinct colours and a
    luminance spread of at least 100 (python3-pil).
Prints one "browser_check: ok ..." line and exits 0, or one "browser_check:
FAIL: ..." line and exits 1. Chromium runs with --no-sandbox when root.
"""
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket
from PIL import Image


class Fail(Exception):
    """Fail is a failed check, reported as one line."""


class Page:
    """Page is one DevTools session on a browser tab, collecting console errors."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30)
        self.next_id = 0
        self.errors = []
        for m in ('Runtime.enable', 'Log.enable', 'Page.enable'):
            self.call(m)

    def call(self, method, **params):
        """call sends one command and returns its result, noting events meanwhile."""
        self.next_id += 1
        self.ws.send(json.dumps({'id': self.next_id, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == self.next_id:
                if 'error' in msg:
                    raise Fail('%s: %s' % (method, msg['error'].get('message')))
                return msg.get('result', {})
            self.note(msg)

    def note(self, msg):
        """note keeps every console error, exception and failed load."""
        m, p = msg.get('method'), msg.get('params', {})
        if m == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            self.errors.append('console: ' + ' '.join(str(a.get('value', a.get('description', '')))
                                                      for a in p.get('args', [])))
        elif m == 'Runtime.exceptionThrown':
            d = p.get('exceptionDetails', {})
            self.errors.append('exception: ' + d.get('exception', {}).get('description', d.get('text', '')))
        elif m == 'Log.entryAdded' and p.get('entry', {}).get('level') == 'error':
            self.errors.append('log: ' + p['entry'].get('text', ''))

    def eval(self, expr):
        """eval evaluates a JavaScript expression (promises awaited) and returns its value."""
        r = self.call('Runtime.evaluate', expression=expr, awaitPromise=True, returnByValue=True)
        if 'exceptionDetails' in r:
            desc = r['exceptionDetails'].get('exception', {}).get('description') or 'exception'
            raise Fail('%s: %s' % (expr[:40], desc.split('\n')[0]))
        return r.get('result', {}).get('value')

    def open(self, url):
        """open navigates and waits for the load event, then lets scripts settle."""
        self.call('Page.navigate', url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.eval('document.readyState') == 'complete':
                break
            time.sleep(0.1)
        else:
            raise Fail('%s did not load in 30 s' % url)
        self.settle(0.5)

    def settle(self, seconds):
        """settle waits, still reading the events the browser sends."""
        self.ws.settimeout(0.1)
        end = time.time() + seconds
        while time.time() < end:
            try:
                self.note(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        self.ws.settimeout(30)

    def check_no_errors(self, what):
        """check_no_errors fails on the first console error seen so far."""
        if self.errors:
            raise Fail('%s: %s' % (what, self.errors[0][:200]))


def start_chromium(profile):
    """start_chromium starts headless Chromium and returns (process, page websocket URL)."""
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    if not exe:
        raise Fail('chromium is missing')
    args = [exe, '--headless=new', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
            '--remote-debugging-port=0', '--user-data-dir=' + profile, '--window-size=1280,1600',
            '--allow-file-access-from-files', 'about:blank']
    if os.geteuid() == 0:
        args.insert(1, '--no-sandbox')
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, 'DevToolsActivePort')
    deadline = time.time() + 30
    while not os.path.exists(port_file) or not open(port_file).read().strip():
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise Fail('chromium did not start its DevTools endpoint')
        time.sleep(0.1)
    port = open(port_file).read().split()[0]
    for _ in range(50):
        tabs = json.load(urllib.request.urlopen('http://127.0.0.1:%s/json/list' % port, timeout=10))
        pages = [t for t in tabs if t.get('type') == 'page']
        if pages:
            return proc, pages[0]['webSocketDebuggerUrl']
        time.sleep(0.1)
    raise Fail('chromium has no page target')


def check_screenshot(page, save):
    """check_screenshot fails when the page's screenshot is blank."""
    png = base64.b64decode(page.call('Page.captureScreenshot', format='png')['data'])
    if save:
        with open(save, 'wb') as f:
            f.write(png)
    img = Image.open(io.BytesIO(png)).convert('RGB')
    colours = img.getcolors(maxcolors=1 << 20)
    n = len(colours) if colours else 1 << 20
    lo, hi = img.convert('L').getextrema()
    if n < 16 or hi - lo < 100:
        raise Fail('screenshot looks blank: %d colours, luminance %d..%d' % (n, lo, hi))
    return n


def run(gallery, page_name, save):
    """run performs every check; raises Fail on the first that does not hold."""
    base = 'file://' + os.path.abspath(gallery) + '/'
    profile = tempfile.mkdtemp(prefix='gmp-chromium.')
    proc = None
    try:
        proc, ws_url = start_chromium(profile)
        page = Page(ws_url)
        page.open(base + 'index.html')
        rows = page.eval('document.querySelectorAll("table.index tbody tr").length')
        if not rows:
            raise Fail('index.html: no scenario row')
        page.check_no_errors('index.html')
        page.open(base + page_name)
        casts = page.eval('document.querySelectorAll("script[type=\'application/x-asciicast\']").length')
        players = page.eval('document.querySelectorAll(".ap-player").length')
        if not casts or players != casts:
            raise Fail('%s: %s player element(s) for %s inlined cast(s)' % (page_name, players, casts))
        keys = page.eval('document.querySelectorAll(".ap-player button.ap-playback-button").length')
        if keys != players or page.eval('document.querySelector(".ap-playback-button").tabIndex') != 0:
            raise Fail('%s: a player has no play button in the Tab order' % page_name)
        first = page.eval('Object.keys(window.gmpPlayers || {})[0] || ""')
        if not first:
            raise Fail('%s: no player was created' % page_name)
        page.eval('Promise.resolve(window.gmpPlayers["%s"].play()).then(() => true)' % first)
        t, deadline = 0.0, time.time() + 20
        while time.time() < deadline:
            t = page.eval('Promise.resolve(window.gmpPlayers["%s"].getCurrentTime())' % first) or 0.0
            if t > 0.5:
                break
            page.settle(0.25)
        else:
            raise Fail('%s: the %s cast does not play (current time %.3f s after 20 s)' % (page_name, first, t))
        page.settle(0.5)
        page.check_no_errors(page_name)
        n = check_screenshot(page, save)
        return 'index (%d rows), %s: %d players, %s at %.2f s, %d colours' % (rows, page_name, players, first, t, n)
    finally:
        if proc:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv):
    """main runs the checks and prints the one-line verdict."""
    if len(argv) not in (3, 4):
        print('usage: browser_check.py GALLERY_DIR PAGE [SHOT.png]', file=sys.stderr)
        return 2
    try:
        print('browser_check: ok: ' + run(argv[1], argv[2], argv[3] if len(argv) == 4 else None))
        return 0
    except (Fail, OSError, websocket.WebSocketException) as e:
        print('browser_check: FAIL: %s' % ' '.join(str(e).split())[:300])
        return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
