// The session report of a live show whose modem went away, read in Chromium:
// TestReportHealthOutage (Go) runs `forkcast serve` on an emulated modem,
// two forks and a rating, and unplugs the modem during the second fork; this
// test writes `forkcast report --html` of that database, opens it from
// file://, and checks that the outage is on the page (its source, duration
// and the modem's sentence) beside the three polls, with no request to any
// host, no console error and no serious axe violation. The screenshot is
// build/artifacts/report-outage.png. FORKCAST_BIN is the binary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { artifacts, eventually, filePage, goFixture, offline, root } from './lib.mjs';
import { axe } from './room.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-report-'));
const report = path.join(dir, 'report.html');
let browser, page;

before(async () => {
  const db = goFixture(dir, 'TestReportHealthOutage', 'FORKCAST_REPORT_FIXTURE', 'outage.db');
  execFileSync(path.resolve(root, bin), ['report', '--html', report, '--db', db, '--last', '--story', path.join(root, 'stories/demo.md')], { stdio: 'inherit' });
  browser = await filePage();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the report shows the modem outage beside the polls and the texts per source', async () => {
  await page.goto(pathToFileURL(report).href);
  await eventually('the report to show its heading', () => page.locator('main#main h1').count());
  assert.equal(await page.locator('section.poll').count(), 3, 'want two forks and the rating');
  const rows = page.locator('tr[data-incident="down"]');
  assert.equal(await rows.count(), 1, 'want one outage row');
  const cells = await rows.first().locator('td').allInnerTexts();
  assert.equal(cells[0], 'modem');
  assert.match(cells[1], /^\d\d:\d\d:\d\d$/, 'outage start');
  assert.match(cells[2], /^\d\d:\d\d:\d\d$/, 'outage end: the modem came back');
  assert.match(cells[3], /^\d+(\.\d+)?m?s|^\d+m\d+s$/, 'outage duration');
  assert.ok(cells[5].length > 10, `the reason is a sentence, got "${cells[5]}"`);
  assert.match(await page.locator('section[aria-labelledby="sources"]').innerText(), /modem/);
  await page.locator('#health').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'report-outage.png'), fullPage: true });
});

test('nothing was requested from any host, and no console error', () => {
  offline(browser);
});

test('no serious or critical axe violation on the report', async () => {
  assert.deepEqual(await axe(page), [], 'axe on the report');
});
