// Browser test of the stage and console against `forkcast serve` with the
// simulated audience: navigate, open a poll, watch bars grow, close, follow
// the winner, override, blank, and resume after the server restarts.
// FORKCAST_BIN is the forkcast binary. Screenshots go to build/artifacts/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, caughtUp, eventually, frames, gone, launch, looks, marks, serve, settled, shows } from './lib.mjs';

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

/**
 * toFork presses → on the stage until the stage shows a fork whose poll is
 * ready; after each press it waits for the stage to show the next slide, so
 * no press is sent to a page that has not drawn the last one.
 */
async function toFork() {
  for (let i = 0; i < 20; i++) {
    const m = await marks(stage);
    if (m.pollState === 'ready') return m;
    await press('ArrowRight');
    await eventually('the stage to show the next slide', async () => {
      const n = await marks(stage);
      return n.scene !== m.scene || n.slide !== m.slide;
    }, { seen: () => looks(stage) });
  }
  throw new Error(`did not reach a fork in 20 key presses; the stage shows ${await looks(stage)}`);
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
  await shows(stage, '[data-testid=stage][data-scene]', 'the stage');
  await shows(consolePage, '[data-testid=console][data-scene]', 'the console');
  assert.equal(new URL(stage.url()).search, '', 'the token is removed from the address bar');
  const st = await state();
  assert.equal(await stage.getAttribute('[data-testid=stage]', 'data-scene'), st.scene);
  assert.equal(st.session.mode, 'rehearsal');
  assert.ok(await stage.isVisible('[data-testid=rehearsal]'), 'rehearsal watermark');
  // once ready the slide is fully visible: no fade-in left half-way on the first slide
  await shows(stage, 'html[data-ready=true]', 'the first slide drawn');
  const frame = await stage.evaluate(() => {
    const f = document.querySelector('[data-testid=frame]');
    return { opacity: getComputedStyle(f).opacity, running: f.getAnimations().filter((a) => a.playState === 'running').length };
  });
  assert.deepEqual(frame, { opacity: '1', running: 0 });
});

test('the stage fits 16:9 and 4:3 without scrollbars', async () => {
  for (const [w, h] of [[1920, 1080], [1024, 768], [1280, 800]]) {
    await stage.setViewportSize({ width: w, height: h });
    await eventually(`the page to be ${w}×${h}`, () => stage.evaluate(([w, h]) => innerWidth === w && innerHeight === h, [w, h]));
    await frames(stage); // the resize event and the re-render it causes have run
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
  const m = await toFork();
  await shows(stage, `[data-testid=stage][data-scene="${m.scene}"] [data-testid=fork][data-poll-state=ready]`, 'the fork, ready to open');
  await press('o');
  await shows(stage, '[data-testid=fork][data-poll-state=open]', 'the poll open');
  assert.equal((await state()).poll?.state, 'open', 'the server has the poll open too');
  // the banner is drawn with the open state (read now: the poll's timer closes it later)
  const banner = await stage.textContent('[data-testid=fork] .banner');
  assert.match(banner.replace(/\s+/g, ' '), /Text 1 or 2 to \+1 503 555 0142/);
  const totals = [];
  await eventually('the bars to grow three times', async () => {
    const t = await stage.evaluate(() =>
      [...document.querySelectorAll('[data-testid=stage] [data-count]')].reduce((a, e) => a + Number(e.getAttribute('data-count')), 0),
    );
    if (totals.length === 0 || t > totals[totals.length - 1]) totals.push(t);
    return totals.length >= 4 && totals[0] >= 0 && totals[3] > totals[0];
  }, { seen: () => `totals drawn ${JSON.stringify(totals)}` });
  // a count is drawn at once, a bar grows by a transition: wait for the page to show it grown
  const widths = () => stage.evaluate(() => [...document.querySelectorAll('[data-testid=stage] .fill')].map((e) => Math.round(e.getBoundingClientRect().width)));
  await eventually('some bar to grow wider than 100 px', async () => (await widths()).some((w) => w > 100), { seen: async () => `bar widths ${await widths()}` });
  await shows(consolePage, '[data-testid=inbox] li:not(.empty)', 'a text in the inbox');
  await settled(stage);
  await stage.screenshot({ path: path.join(artifacts, 'e2e-stage-fork.png') });
  await consolePage.screenshot({ path: path.join(artifacts, 'e2e-console-fork.png') });
});

test('C closes the poll, the winner is highlighted, Enter follows it', async () => {
  await press('c');
  await shows(stage, '[data-testid=fork]:not([data-poll-state=open])', 'the poll closed');
  // closed: late texts count for the story's grace window, then decided (or a tie waits)
  await shows(stage, '[data-testid=fork][data-poll-state=decided], [data-testid=fork][data-poll-state=closed] .chip.tie', 'the poll decided, or a tie for the speaker');
  let st = await state();
  if (st.poll.state === 'closed') {
    // a tie waits for the speaker: pick the first tied choice (one press in a rehearsal)
    await caughtUp(stage, st, 'the tie');
    await press(String(st.poll.tie[0]));
    await shows(stage, '[data-testid=fork][data-poll-state=decided]', 'the tie broken');
    st = await state();
  }
  const winner = st.poll.winner;
  assert.ok(winner >= 1, `a winner: ${JSON.stringify(st.poll)}`);
  await shows(stage, '[data-testid=winner]', 'the winner');
  assert.match(await stage.textContent('[data-testid=winner]'), new RegExp(`Winner: ${winner}`));
  assert.ok(await stage.isVisible(`.row.winner[data-choice="${winner}"]`));
  await stage.screenshot({ path: path.join(artifacts, 'e2e-stage-winner.png') });
  const target = st.poll.choices.find((c) => c.number === winner).target;
  await press('Enter');
  await shows(stage, `[data-testid=stage][data-scene="${target}"]`, `the winner's scene ${target}`);
  assert.equal((await state()).scene, target);
});

test('in a rehearsal a digit forces the branch in one press', async () => {
  const m = await toFork();
  await press('o');
  await shows(stage, '[data-testid=fork][data-poll-state=open]', 'the poll open');
  await eventually('the stage to count more than 5 votes', async () =>
    (await stage.evaluate(() => [...document.querySelectorAll('[data-testid=stage] [data-count]')].reduce((a, e) => a + Number(e.getAttribute('data-count')), 0))) > 5,
    { seen: () => looks(stage) },
  );
  await consolePage.bringToFront();
  await shows(consolePage, `[data-testid=console][data-scene="${m.scene}"]:is([data-poll-state=open], [data-poll-state=closed], [data-poll-state=decided])`, 'the same poll, opened');
  // A pick of the choice that has already won does nothing: press one the
  // console offers (its button is enabled), preferring 2, the losing side.
  const choice = (await consolePage.isEnabled('[data-testid=pick-2]')) ? 2 : 1;
  await press(String(choice), consolePage);
  await shows(consolePage, '[data-testid=console][data-poll-state=decided] [data-testid=poll-panel] .override', `choice ${choice} forced`);
  const st = await state();
  assert.deepEqual([st.poll.state, st.poll.winner, st.poll.decidedBy], ['decided', choice, 'override'], JSON.stringify(st.poll));
  assert.equal(await consolePage.locator('[data-testid=pick-dialog]').count(), 0, 'no reason asked in a rehearsal (live asks: rehearse.test.mjs)');
  assert.equal(st.poll.override, 'forced in rehearsal');
  await shows(stage, '[data-testid=winner]', 'the winner');
  // the stage may have drawn a winner by votes a moment before the override reaches it
  await shows(stage, `[data-testid=status]:has-text("Speaker's call: forced in rehearsal")`, 'the override on the stage');
  await consolePage.screenshot({ path: path.join(artifacts, 'e2e-console-override.png') });
});

test('B blanks the stage and shows it again', async () => {
  await stage.bringToFront();
  // B asks for the opposite of what the page shows: it must show "not blank" first
  await shows(stage, '[data-testid=blank]:not(.on)', 'the stage not blank');
  await press('b');
  await shows(stage, '[data-testid=blank].on', 'the stage blanked');
  assert.equal((await state()).blank, true);
  await press('b');
  await shows(stage, '[data-testid=blank]:not(.on)', 'the stage shown again');
  assert.equal((await state()).blank, false);
});

test('without the token a page can watch but not drive', async () => {
  const u = new URL(urls.stage);
  const ctx = await chrome.browser.newContext();
  const p = await ctx.newPage();
  await p.goto(`${u.origin}/console`);
  await shows(p, '[data-testid=console][data-scene]', 'the console');
  assert.match(await p.textContent('[data-testid=console]'), /read-only/);
  const before = await state();
  await p.keyboard.press('ArrowRight');
  await shows(p, '[data-testid=toast]', 'the refusal'); // proof the key was handled: only then is "nothing moved" worth checking
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
  await shows(stage, '[data-testid=offline]', 'that it is offline');
  server = serve(bin, args(`127.0.0.1:${port}`));
  urls = await server.urls;
  const st = await eventually('the restarted server to answer', () => state().catch(() => null));
  assert.equal(st.scene, before.scene, 'same scene after the restart');
  assert.equal(st.session.id, before.session.id, 'same session');
  assert.equal(st.session.resumed, true);
  await gone(stage, '[data-testid=offline]', 'that it is offline');
  await shows(stage, `[data-testid=stage][data-scene="${before.scene}"]`, `the scene ${before.scene} again`);
  await caughtUp(stage, st, 'the restarted server');
  const m = await marks(stage);
  await press('ArrowRight');
  await eventually('the stage to move after a key (keys work again)', async () => (await marks(stage)).version > m.version, { seen: () => looks(stage) });
  assert.notEqual((await state()).version, st.version);
});

test('no errors in the pages', () => {
  assert.deepEqual(errors, []);
});
