// Browser tests of #23's small console and stage fixes (items 6 and 16):
// hyphens are not set at digit width, the "O" key cap is not in the mono
// font, an empty rating shows words (not a huge dash), and a rehearsal reset
// clears the console's incoming texts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, root, eventually } from './lib.mjs';
import { startRoom, toFork } from './room.mjs';

let room;
before(async () => {
  room = await startRoom(readFileSync(path.join(root, 'stories/demo.md'), 'utf8'), 'audience=30,seed=9,rate=30');
});
after(async () => {
  await room?.close();
});

test('hyphens in text are narrower than digits; the O key cap is not a zero', async () => {
  const m = await room.consolePage.evaluate(() => {
    const probe = (text) => {
      const s = document.createElement('span');
      s.textContent = text;
      document.querySelector('[data-testid=notes]').appendChild(s);
      const w = s.getBoundingClientRect().width;
      s.remove();
      return w;
    };
    return { hyphens: probe('----------'), digits: probe('0000000000') };
  });
  assert.ok(m.hyphens < 0.75 * m.digits, `ten hyphens ${m.hyphens.toFixed(1)} px vs ten digits ${m.digits.toFixed(1)} px: hyphens set at digit width`);
  await toFork(room);
  const font = await room.consolePage.$eval('[data-testid=btn-open] kbd', (k) => getComputedStyle(k).fontFamily);
  assert.doesNotMatch(font, /Mono|monospace/, `the O key cap font: ${font}`);
});

test('a rehearsal reset clears the incoming texts', async () => {
  const con = room.consolePage;
  await room.act('/api/poll/open');
  await con.waitForSelector('[data-testid=inbox] li[data-id]');
  const ids = () => con.$$eval('[data-testid=inbox] li[data-id]', (l) => l.map((x) => Number(x.getAttribute('data-id'))));
  const before = await ids();
  const oldMax = Math.max(...before);
  await room.act('/api/rehearse/reset');
  await con.waitForSelector('[data-testid=scene-id]:text-is("title")');
  // The simulated audience's late texts may land in the new session; none of
  // the old session's may stay.
  await eventually('the old session\'s texts to leave the console', async () => (await ids()).every((id) => id > oldMax), { everyMs: 100 });
  await con.screenshot({ path: path.join(artifacts, 'e2e-polish-after-reset.png') });
});

test('an empty rating says so in words', async () => {
  await room.act('/api/goto', { scene: 'rating' });
  await room.stage.waitForSelector('[data-testid=stage][data-scene=rating] [data-testid=rating-mean]');
  const mean = await room.stage.$eval('[data-testid=rating-mean]', (e) => ({ text: e.textContent.trim(), h: e.getBoundingClientRect().height }));
  assert.equal(mean.text, 'No ratings yet');
  assert.ok(mean.h < 120, `the empty mean is ${mean.h} px tall`);
  await room.stage.screenshot({ path: path.join(artifacts, 'e2e-polish-empty-rating.png') });
  assert.deepEqual(room.errors, []);
});
