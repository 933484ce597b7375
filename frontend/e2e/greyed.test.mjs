// Browser test of the hub rule's greyed choices (issue #14): the corpus's
// published SugarCube hub talk, imported with `forkcast import-twine`, its
// "Menu" hub set to {visited: grey}. Back at the menu after a topic, the
// stage shows that topic greyed out and leaves its number off the ballot,
// the audience's votes never count for it, and the console's poll panel
// marks it "presented" and cannot pick it. FORKCAST_BIN is the binary.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, atScene, eventually, shows, twineShow } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

let show, urls, stage, consolePage, post;

before(async () => {
  show = await twineShow(bin, {
    name: 'incident',
    corpus: 'app/story/twine/testdata/corpus/sugarcube-published.html',
    edit: (src) => {
      src = src.replace('number: ""', 'number: "+1 555 0100"');
      assert.ok(src.includes('visited: "hide", exit: "END"'), 'the imported menu hides presented topics');
      return src.replace('visited: "hide", exit: "END"', 'visited: "grey", exit: "END"');
    },
    sim: 'sim:audience=60,seed=4',
    stageViewport: { width: 1920, height: 1080 },
  });
  ({ urls, stage, console: consolePage, post } = show);
});

after(() => show?.close());

test('a presented topic is greyed on the stage, off the ballot, and marked on the console', async () => {
  await atScene(stage, 'Start');
  await post('/api/next');
  await atScene(stage, 'Menu');
  await post('/api/poll/pick', { choice: 1, reason: 'e2e: the timeline first' });
  await post('/api/next');
  await atScene(stage, 'Timeline');
  await post('/api/poll/pick', { choice: 2, reason: 'e2e: back to the menu' });
  await post('/api/next');
  await atScene(stage, 'Menu');

  // The stage: choice 1 greyed (drawn faded and grey), the others not; the ballot names 2-4 only.
  const row1 = await shows(stage, '[data-testid=bars] [data-choice="1"][data-greyed=true]', 'the presented topic greyed');
  const style = await row1.evaluate((el) => ({ opacity: Number(getComputedStyle(el).opacity), filter: getComputedStyle(el).filter, text: el.textContent }));
  assert.ok(style.opacity < 0.5 && /grayscale\(1\)/.test(style.filter), `the greyed row is drawn ${JSON.stringify(style)}`);
  assert.match(style.text, /already presented/);
  for (const n of [2, 3, 4]) assert.equal(await stage.getAttribute(`[data-testid=bars] [data-choice="${n}"]`, 'data-greyed'), null, `choice ${n} is not greyed`);
  const fork = await stage.locator('[data-testid=fork]').textContent();
  assert.match(fork, /text 2, 3 or 4\b/, `the ballot on the stage: ${fork}`);

  // The console: the poll panel tags it presented and cannot pick it.
  await atScene(consolePage, 'Menu');
  const note = await shows(consolePage, '[data-testid=presented-note]', 'the presented note in the poll panel');
  assert.match(await note.textContent(), /presented\s+1 The timeline: shown greyed on the stage, not on the ballot/);
  assert.equal(await consolePage.getAttribute('[data-testid=pick-1]', 'data-greyed'), 'true');
  assert.equal(await consolePage.isDisabled('[data-testid=pick-1]'), true, 'the presented topic cannot be picked');
  await consolePage.screenshot({ path: path.join(artifacts, 'greyed-console.png') });

  // Not votable: the audience votes; once texts are counted, none went to choice 1.
  await post('/api/poll/open');
  await eventually('votes counted on the stage', async () => Number((await stage.locator('[data-testid=total]').textContent()).match(/\d+/)?.[0] ?? 0) > 20, {
    seen: () => stage.locator('[data-testid=total]').textContent(),
  });
  await post('/api/poll/close');
  const st = await eventually('the poll to be decided', async () => {
    const s = (await api(urls.stage, 'GET', '/api/state')).data;
    return s.poll?.state === 'decided' ? s : null;
  });
  const c1 = st.poll.choices.find((c) => c.number === 1);
  assert.ok(c1?.greyed && c1.count === 0, `choice 1 after the vote: ${JSON.stringify(c1)}`);
  assert.notEqual(st.poll.winner, 1);
  assert.equal(await stage.getAttribute('[data-testid=bars] [data-choice="1"] [data-count]', 'data-count'), '0');
  await stage.screenshot({ path: path.join(artifacts, 'greyed-stage.png') });
});
