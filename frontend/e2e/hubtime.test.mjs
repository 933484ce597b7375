// Browser test of time-aware forks (issue #14): the corpus's published
// Harlowe hub talk (51 passages, imported with `forkcast import-twine`, a
// 20-minute slot added) runs in `forkcast serve`. At its hub the console's
// time box shows the time left, each topic's time to an ending and how many
// more topics fit; a topic already presented is marked; W takes the hub's
// exit (END) and the stage follows to the end screen. Every assertion waits
// on the page. FORKCAST_BIN is the binary.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, atScene, eventually, looks, shows, twineShow } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

let show, urls, stage, consolePage, post;

before(async () => {
  show = await twineShow(bin, {
    name: 'friday',
    corpus: 'app/story/twine/testdata/corpus/harlowe-published.html',
    edit: (src) => src.replace('number: ""', 'number: "+1 555 0100"').replace(/^start: /m, 'slot: 20m\nstart: '),
    sim: 'sim:audience=50,seed=3',
    stageViewport: { width: 1280, height: 720 },
  });
  ({ urls, stage, console: consolePage, post } = show);
});

after(() => show?.close());

test('the hub shows the time to the end, marks the presented topic, and W takes the exit', async () => {
  await atScene(stage, 'Intro');
  await post('/api/next');
  await atScene(consolePage, 'adventure-choices');
  const box = await shows(consolePage, '[data-testid=hub-time]', 'the time box at the hub');
  const summary = consolePage.locator('[data-testid=hub-time-summary]');
  await eventually('the time box to show the time left and the topics that fit', async () =>
    /^\d+:\d\d left · shortest way to the end \d+:\d\d · \d+ more topics? fits?$/.test((await summary.textContent()) ?? ''), {
    seen: () => summary.textContent(),
  });
  const text = await summary.textContent();
  const left = text.match(/^(\d+):(\d\d) left/);
  const leftS = Number(left[1]) * 60 + Number(left[2]);
  assert.ok(leftS > 18 * 60 && leftS <= 20 * 60, `a fresh 20-minute slot shows ${text}`);
  // Each of the seven topics has its time to an ending, and fits in 20 minutes.
  const rows = await box.locator('li[data-choice]').evaluateAll((ls) => ls.map((l) => ({ fits: l.dataset.fits, text: l.textContent.replace(/\s+/g, ' ').trim() })));
  assert.equal(rows.length, 7, JSON.stringify(rows));
  for (const r of rows) {
    assert.match(r.text, /\d+:\d\d to the end$/, `a topic row: ${r.text}`);
    assert.equal(r.fits, 'true', `a topic that fits 20 minutes: ${r.text}`);
  }
  assert.match(await box.locator('.exit').textContent(), /Exit: the end · 0:00 to the end/);
  await consolePage.screenshot({ path: path.join(artifacts, 'hubtime-console.png') });

  // Present the first topic and come back: the console marks it presented.
  await post('/api/poll/pick', { choice: 1, reason: 'e2e: the speaker takes it' });
  await post('/api/next');
  await atScene(consolePage, 'Caching');
  const st = (await api(urls.stage, 'GET', '/api/state')).data;
  assert.ok(st.scene === 'Caching', `after the pick: ${st.scene}`);
  // Caching is a sub-menu; its last choice leads back to the hub.
  const back = (await api(urls.stage, 'GET', '/api/story')).data.story.scenes.find((s) => s.id === 'Caching').fork.choices.find((c) => c.target === 'adventure-choices');
  assert.ok(back, 'Caching has a way back to the hub');
  await post('/api/poll/pick', { choice: back.number, reason: 'e2e: back to the hub' });
  await post('/api/next');
  await atScene(consolePage, 'adventure-choices');
  await eventually('the presented topic to be marked in the time box', async () =>
    (await consolePage.locator('[data-testid=hub-time] li[data-choice="1"] .tag').textContent().catch(() => '')) === 'presented', {
    seen: () => consolePage.locator('[data-testid=hub-time]').textContent(),
  });

  // W: the hub's exit is END, so the stage shows the end screen.
  await consolePage.keyboard.press('w');
  await eventually('the stage to follow the exit to the end screen', async () => (await stage.getAttribute('[data-testid=stage]', 'data-ended')) === 'true', {
    seen: () => looks(stage),
  });
  await stage.screenshot({ path: path.join(artifacts, 'hubtime-stage-end.png') });
});
