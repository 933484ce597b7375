// Browser test of the stage and console against `forkcast serve` with the
// simulated audience: navigate, open a poll, watch bars grow, close, follow
// the winner, override, blank, and resume after the server restarts.
// FORKCAST_BIN is the forkcast binary. Screenshots go to build/artifacts/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, serve, waitFor } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const token = 'e2e-token';
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-e2e-'));
const db = path.join(dir, 'show.db');
const args = (listen) => ['serve', '--story', 'stories/demo.md', '--db', db, '--listen', listen, '--token', token, '--source', 'sim:audience=300,seed=7,bias=60/40,burst=3s'];

let server, urls, chrome, stage, consolePage;
const errors = [];

async function state() {
  const r = await api(urls.stage, 'GET', '/api/state');
  assert.equal(r.status, 200, `GET /api/state: ${JSON.stringify(r.data)}`);
  return r.data;
}

/** press sends a key to a page (the stage by default) as a clicker or keyboard would. */
async function press(key, page = stage) {
  await page.keyboard.press(key);
}

/** toFork presses → until the show is at a fork's poll slide. */
async function toFork() {
  for (let i = 0; i < 20; i++) {
    const st = await state();
    if (st.atFork && st.poll && st.poll.state === 'ready') return st;
    await press('ArrowRight');
    await waitFor('the slide to change', async () => (await state()).version !== st.version, 5000, 50);
  }
  throw new Error('did not reach a fork in 20 key presses');
}

function watchErrors(page, name) {
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(m.text())) errors.push(`${name}: ${m.text()}`);
  });
}

before(async () => {
  server = serve(bin, args('127.0.0.1:0'));
  urls = await server.urls;
  chrome = await launch();
  stage = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  consolePage = await chrome.browser.newPage({ viewport: { width: 1440, height: 900 } });
  watchErrors(stage, 'stage');
  watchErrors(consolePage, 'console');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the printed links carry the token; the pages strip it and load', async () => {
  assert.match(urls.stage, /\/stage\?token=/);
  assert.match(urls.console, /\/console\?token=/);
  await stage.goto(urls.stage);
  await consolePage.goto(urls.console);
  await stage.waitForSelector('[data-testid=stage][data-scene]');
  await consolePage.waitForSelector('[data-testid=console]');
  assert.equal(new URL(stage.url()).search, '', 'the token is removed from the address bar');
  const st = await state();
  assert.equal(await stage.getAttribute('[data-testid=stage]', 'data-scene'), st.scene);
  assert.equal(st.session.mode, 'rehearsal');
  assert.ok(await stage.isVisible('[data-testid=rehearsal]'), 'rehearsal watermark');
  // once ready the slide is fully visible: no fade-in left half-way on the first slide
  await stage.waitForSelector('html[data-ready=true]');
  const frame = await stage.evaluate(() => {
    const f = document.querySelector('[data-testid=frame]');
    return { opacity: getComputedStyle(f).opacity, running: f.getAnimations().filter((a) => a.playState === 'running').length };
  });
  assert.deepEqual(frame, { opacity: '1', running: 0 });
});

test('the stage fits 16:9 and 4:3 without scrollbars', async () => {
  for (const [w, h] of [[1920, 1080], [1024, 768], [1280, 800]]) {
    await stage.setViewportSize({ width: w, height: h });
    await stage.waitForTimeout(150);
    const m = await stage.evaluate(() => ({
      sw: document.documentElement.scrollWidth,
      sh: document.documentElement.scrollHeight,
      iw: innerWidth,
      ih: innerHeight,
    }));
    assert.ok(m.sw <= m.iw && m.sh <= m.ih, `scrollbars at ${w}×${h}: ${JSON.stringify(m)}`);
  }
  await stage.setViewportSize({ width: 1920, height: 1080 });
});

test('keys reach the first fork; O opens the poll; bars grow as texts arrive', async () => {
  const st = await toFork();
  await stage.waitForSelector(`[data-testid=stage][data-scene="${st.scene}"] [data-testid=fork]`);
  await press('o');
  await waitFor('the poll to open', async () => (await state()).poll?.state === 'open');
  await stage.waitForSelector('[data-testid=fork][data-poll-state=open]');
  const totals = [];
  await waitFor('bars to grow three times', async () => {
    const t = await stage.evaluate(() =>
      [...document.querySelectorAll('[data-testid=stage] [data-count]')].reduce((a, e) => a + Number(e.getAttribute('data-count')), 0),
    );
    if (totals.length === 0 || t > totals[totals.length - 1]) totals.push(t);
    return totals.length >= 4 && totals[0] >= 0 && totals[3] > totals[0];
  }, 20000, 150);
  const banner = await stage.textContent('[data-testid=fork] .banner');
  assert.match(banner.replace(/\s+/g, ' '), /Text 1 or 2 to \+1 503 555 0142/);
  const widths = await stage.evaluate(() => [...document.querySelectorAll('[data-testid=stage] .fill')].map((e) => e.getBoundingClientRect().width));
  assert.ok(widths.some((w) => w > 100), `some bar has grown: ${widths}`);
  await consolePage.waitForSelector('[data-testid=inbox] li:not(.empty)');
  await stage.waitForTimeout(600);
  await stage.screenshot({ path: path.join(artifacts, 'e2e-stage-fork.png') });
  await consolePage.screenshot({ path: path.join(artifacts, 'e2e-console-fork.png') });
});

test('C closes the poll, the winner is highlighted, Enter follows it', async () => {
  await press('c');
  await stage.waitForSelector('[data-testid=fork]:not([data-poll-state=open])');
  // closed: late texts count for the story's grace window, then decided (or a tie waits)
  let st = await waitFor('the poll to be decided', async () => {
    const s = await state();
    return s.poll && (s.poll.state === 'decided' || (s.poll.state === 'closed' && s.poll.tie?.length)) ? s : null;
  }, 20000);
  if (st.poll.state === 'closed') {
    // a tie waits for the speaker: pick the first tied choice (one press in a rehearsal)
    await press(String(st.poll.tie[0]));
    st = await waitFor('the tie to be broken', async () => ((await state()).poll?.state === 'decided' ? state() : null));
  }
  const winner = st.poll.winner;
  assert.ok(winner >= 1, `a winner: ${JSON.stringify(st.poll)}`);
  await stage.waitForSelector(`[data-testid=winner]`);
  assert.match(await stage.textContent('[data-testid=winner]'), new RegExp(`Winner: ${winner}`));
  assert.ok(await stage.isVisible(`.row.winner[data-choice="${winner}"]`));
  await stage.screenshot({ path: path.join(artifacts, 'e2e-stage-winner.png') });
  const target = st.poll.choices.find((c) => c.number === winner).target;
  await press('Enter');
  await waitFor('the winner to be followed', async () => (await state()).scene === target);
  await stage.waitForSelector(`[data-testid=stage][data-scene="${target}"]`);
});

test('in a rehearsal a digit forces the branch in one press', async () => {
  await toFork();
  await press('o');
  await waitFor('some votes', async () => (await state()).poll?.total > 5, 20000);
  await consolePage.bringToFront();
  await consolePage.waitForSelector('[data-testid=poll-state]:text-matches("open|closed|decided")');
  const before = (await state()).poll;
  const choice = before.state === 'decided' && before.winner === 2 ? 1 : 2;
  await press(String(choice), consolePage);
  const st = await waitFor('the forced branch', async () => {
    const s = await state();
    if (s.poll?.state === 'decided' && s.poll.winner === choice && s.poll.decidedBy === 'override') return s;
    const toast = await (await consolePage.$('[data-testid=toast]'))?.textContent(); // $ does not wait
    if (toast) throw new Error(`the console said: ${toast}; poll ${JSON.stringify(s.poll)}`);
    return null;
  });
  assert.equal(await consolePage.$('[data-testid=pick-dialog]'), null, 'no reason asked in a rehearsal (live asks: rehearse.test.mjs)');
  assert.equal(st.poll.override, 'forced in rehearsal');
  await stage.waitForSelector('[data-testid=winner]');
  assert.match(await stage.textContent('[data-testid=status]'), /Speaker's call: forced in rehearsal/);
  await consolePage.screenshot({ path: path.join(artifacts, 'e2e-console-override.png') });
});

test('B blanks the stage and shows it again', async () => {
  await stage.bringToFront();
  await press('b');
  await waitFor('blank on', async () => (await state()).blank === true);
  await stage.waitForSelector('[data-testid=blank].on');
  await press('b');
  await waitFor('blank off', async () => (await state()).blank === false);
  await stage.waitForSelector('[data-testid=blank]:not(.on)');
});

test('without the token a page can watch but not drive', async () => {
  const u = new URL(urls.stage);
  const ctx = await chrome.browser.newContext();
  const p = await ctx.newPage();
  await p.goto(`${u.origin}/console`);
  await p.waitForSelector('[data-testid=console]');
  assert.match(await p.textContent('[data-testid=console]'), /read-only/);
  const before = await state();
  await p.keyboard.press('ArrowRight');
  await p.waitForSelector('[data-testid=toast]');
  const after = await state();
  assert.deepEqual([after.scene, after.slide], [before.scene, before.slide], 'nothing moved');
  const r = await fetch(`${u.origin}/api/next`, { method: 'POST' });
  assert.equal(r.status, 401);
  await ctx.close();
});

test('the show resumes after the server restarts', async () => {
  const before = await state();
  const port = new URL(urls.stage).port;
  await server.stop();
  await stage.waitForSelector('[data-testid=offline]', { timeout: 10000 });
  server = serve(bin, args(`127.0.0.1:${port}`));
  urls = await server.urls;
  const st = await waitFor('the restarted server', () => state().catch(() => null));
  assert.equal(st.scene, before.scene, 'same scene after the restart');
  assert.equal(st.session.id, before.session.id, 'same session');
  assert.equal(st.session.resumed, true);
  await stage.waitForSelector('[data-testid=offline]', { state: 'detached', timeout: 15000 });
  await stage.waitForSelector(`[data-testid=stage][data-scene="${before.scene}"]`);
  await press('ArrowRight');
  await waitFor('keys to work again', async () => (await state()).version !== st.version, 5000);
});

test('no errors in the pages', () => {
  assert.deepEqual(errors, []);
});
