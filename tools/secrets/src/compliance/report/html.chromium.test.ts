/**
 * The HTML report as a browser shows it: headless Chromium loads the file (no network: the page needs none), and
 * its DOM holds the one table with every row, problems first, and the escaped text as text, not markup. Without
 * Chromium the test is skipped, and its name and a warning say so with the install command (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CANARIES, FIXTURE } from './fixture';
import { htmlReport } from './render';
import { complianceRows } from './rows';

const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends chromium';
const BROWSER = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0);

if (!BROWSER) console.warn(`html.chromium.test: SKIPPED — no headless Chromium on PATH. Install it with: ${INSTALL} (.ci/run does)`);

const it = BROWSER ? test : test.skip;
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-html-'))));
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** Chromium's serialised DOM of `file` (its own profile in the temp folder; no sandbox: containers lack it). */
function chromium(file: string, extra: string[] = []): string {
  return execFileSync(BROWSER!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`, ...extra, `file://${file}`], {
    encoding: 'utf8',
    timeout: 90_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

it(`renders in headless Chromium: one table, a row per key in order, escaped text stays text${BROWSER ? '' : ` (SKIPPED: install with ${INSTALL})`}`, () => {
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, htmlReport(FIXTURE));
  const dom = chromium(file, ['--dump-dom']);
  expect(dom.match(/<table/g)).toHaveLength(1);
  const rows = [...dom.matchAll(/<tr class="status-(\w+)" data-key="([^"]+)">/g)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(complianceRows(FIXTURE).map((r) => [r.status, r.key]));
  expect(dom.match(/<th scope="col">/g)).toHaveLength(10);
  // The sync error's `<script>` arrived as text: the browser made no element of it.
  expect(dom).not.toMatch(/<script/i);
  expect(dom).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipe');
  expect(dom.match(/<li class="(error|warning)">/g)).toHaveLength(complianceRows(FIXTURE).flatMap((r) => r.problems).length);
  expect(dom).toContain('production: FAILING');
  for (const c of CANARIES) expect(dom).not.toContain(c);

  const png = path.join(dir, 'report.png');
  chromium(file, [`--screenshot=${png}`, '--window-size=1400,900', '--hide-scrollbars']);
  expect(fs.readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
}, 180_000);
