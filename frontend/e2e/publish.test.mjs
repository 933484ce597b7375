// The published site, read as the room reads it: `forkcast publish` of the
// Django talk from a rehearsed session (made by the Go engine in
// TestPublishDjango, 7 polls with two overrides and a rating), opened from
// file:// in Chromium. Every scene is reachable from the map by links, the
// room's path is marked, every voted fork shows its results, no request
// leaves file://, no console error, and axe finds nothing serious.
// FORKCAST_BIN is the binary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { artifacts, eventually, filePage, goFixture, offline, root } from './lib.mjs';
import { axe } from './room.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-publish-'));
const site = path.join(dir, 'site');
const storyFile = path.join(root, 'stories/django-deployment.md');
let browser, page;

before(async () => {
  // The rehearsed session: the Go test leaves its database here.
  const db = goFixture(dir, 'TestPublishDjango', 'FORKCAST_PUBLISH_FIXTURE', 'rehearsed.db');
  execFileSync(path.resolve(root, bin), ['publish', storyFile, '--db', db, '--last', '--out', site], { stdio: 'inherit' });
  browser = await filePage();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (f) => pathToFileURL(path.join(site, f)).href;

/** open goes to a site page and waits for its main landmark. */
async function open(f) {
  await page.goto(url(f));
  await eventually(`${f} to show its main content`, () => page.locator('main#main h1').count());
}

test('every scene is reachable from the map by links, the path marked in words', async () => {
  await open('index.html');
  // The scene ids as the story file writes them (Twee-style headers).
  const ids = [...readFileSync(storyFile, 'utf8').matchAll(/^:: ([^\s[{]+)/gm)].map((m) => m[1]);
  assert.equal(ids.length, 21, 'the Django talk has 21 scenes');
  const seen = new Set();
  const queue = ['index.html'];
  while (queue.length) {
    const f = queue.shift();
    await open(f);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
    for (const h of hrefs) {
      const file = h.split('#')[0];
      if (/^scene-.*\.html$/.test(file) && !seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    }
  }
  for (const id of ids) assert.ok(seen.has(`scene-${id}.html`), `scene ${id} is not reachable by links from the map`);
  await open('index.html');
  const mapLinks = await page.$$eval('svg.map a', (as) => as.map((a) => a.getAttribute('href')));
  for (const id of ids) assert.ok(mapLinks.includes(`scene-${id}.html`), `the map has no link to ${id}`);
  const taken = await page.$$eval('svg.map a.taken', (as) => as.map((a) => a.textContent));
  assert.ok(taken.length >= 8, `only ${taken.length} scenes marked on the path`);
  for (const t of taken) assert.match(t, /✓ .*on the path/, 'a scene on the path is marked by colour only');
  const steps = await page.locator('ol.path li').count();
  assert.ok(steps >= 8, `the path lists ${steps} steps`);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'publish-map.png'), fullPage: true });
});

test('every voted fork shows its results, with a way to each branch not taken', async () => {
  await open('index.html');
  const forks = await page.$$eval('ol.path li', (lis) =>
    lis.filter((li) => li.textContent.includes('the room chose')).map((li) => li.querySelector('a').getAttribute('href')),
  );
  assert.ok(forks.length >= 6, `${forks.length} forks on the path, want the warm-up and five crises`);
  for (const f of forks) {
    await open(f);
    const res = page.locator('section.results');
    assert.equal(await res.count(), 1, `${f} shows ${await res.count()} result sections`);
    const text = await res.innerText();
    for (const want of ['Poll opened', 'Votes counted', 'Invalid texts', 'Late texts', 'How it was decided']) {
      assert.ok(text.includes(want), `${f}'s results lack "${want}"`);
    }
    const bars = await page.$$eval('section.results li.bar', (lis) => lis.map((li) => li.innerText));
    assert.ok(bars.length >= 2, `${f} shows ${bars.length} bars`);
    for (const b of bars) assert.match(b, /\d+ votes? · \d+%/, `a bar on ${f} has no count and percentage: ${b}`);
    assert.equal(await page.locator('li.bar.winner .won').count(), 1, `${f} marks no winner in words`);
    assert.ok((await page.locator('a.whatif').count()) >= 1, `${f} has no "What if we had chosen" link`);
  }
  await open('scene-crisis-2.html');
  assert.match(await page.locator('section.results').innerText(), /overrode the votes.*reason/s);
  await page.screenshot({ path: path.join(artifacts, 'publish-fork.png'), fullPage: true });
  await open('scene-day-one.html');
  await page.screenshot({ path: path.join(artifacts, 'publish-scene.png'), fullPage: true });
  await open('report.html');
  assert.ok((await page.locator('figure.timeline svg').count()) >= 7, 'the report lacks a timeline per poll');
  await page.screenshot({ path: path.join(artifacts, 'publish-report.png'), fullPage: true });
});

test('the keyboard reaches the content first: the skip link, then focus is visible', async () => {
  await open('scene-crisis-1.html');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(first, 'Skip to content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused skip link shows no outline');
});

test('nothing was requested from any host, and no console error', () => {
  assert.ok(browser.requests.length > 20, `only ${browser.requests.length} requests recorded: the listener saw nothing`);
  offline(browser);
});

// Last: axe-core reads the stylesheets itself (XMLHttpRequest, refused from
// file:// with a console error), so it runs after the page's own requests and
// console were checked.
test('no serious or critical axe violation on the index, a fork, a scene and the report', async () => {
  for (const f of ['index.html', 'scene-crisis-1.html', 'scene-day-one.html', 'report.html']) {
    await open(f);
    assert.deepEqual(await axe(page), [], `axe on ${f}`);
  }
});
