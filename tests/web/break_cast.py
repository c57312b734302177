#!/usr/bin/env python3
"""break_cast.py remove|corrupt PAGE - damage a gallery page's inlined casts in place.

remove:  delete every <script type="application/x-asciicast"> block.
corrupt: keep the blocks, but cut each cast's header line in half (invalid JSON)
         and swap its events for text that is no asciicast.
tests/browser.sh runs tests/web/browser_check.py on the damaged page and
expects it to fail: the browser test must notice a page without a playable cast.
"""
import re
import sys

BLOCK = re.compile(r'(<script type="application/x-asciicast" id="[^"]*">\n)(.*?)(</script>)', re.S)


def corrupt(m):
    """corrupt keeps the block but leaves no valid asciicast in it."""
    header = m.group(2).split('\n', 1)[0]
    return m.group(1) + header[:len(header) // 2] + '\n[0.5, "o", garbage\n' + m.group(3)


def main(argv):
    """main rewrites PAGE; exit 2 when there is nothing to damage."""
    if len(argv) != 3 or argv[1] not in ('remove', 'corrupt'):
        print('usage: break_cast.py remove|corrupt PAGE', file=sys.stderr)
        return 2
    text = open(argv[2], encoding='utf-8').read()
    out, n = BLOCK.subn('' if argv[1] == 'remove' else corrupt, text)
    if n == 0:
        print('break_cast: %s: no inlined cast' % argv[2], file=sys.stderr)
        return 2
    open(argv[2], 'w', encoding='utf-8').write(out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
