// Browser test of the rehearsal panel (#23 item 5): it refreshes itself as the
// show moves (a slide left is a new recorded time), with no click on
// Refresh, and its figures against the slot read in words ("to spare").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, held, root } from './lib.mjs';
import { startRoom } from './room.mjs';

let room;
before(async () => {
  room = await startRoom(readFileSync(path.join(root, 'stories/demo.md'), 'utf8'), 'audience=10,seed=4');
});
after(async () => {
  await room?.close();
});

test('the rehearsal panel follows the show by itself', async () => {
  const con = room.consolePage;
  await con.waitForSelector('[data-testid=scene-id]:text-is("title")');
  await con.keyboard.press('t');
  await con.waitForSelector('[data-testid=rehearsal-panel] [data-testid=recorded]');
  assert.equal((await con.textContent('[data-testid=recorded]')).trim(), '0%', 'nothing rehearsed yet');
  const summary = await con.textContent('[data-testid=timing-summary]');
  assert.doesNotMatch(summary, /[−+±]\d/, `no signed times: ${summary}`);
  assert.match(summary, /\d+:\d\d (to spare|over)|on time/);
  // The speaker talks over the title slide for 3 s, the least that is not a
  // skim, measured on the server's clock (the clock that times the slide).
  assert.equal((await held(room.urls.console, 3000)).scene, 'title');
  await con.keyboard.press('PageDown');
  await con.waitForSelector('[data-testid=scene-id]:text-is("deploy")');
  await con.waitForFunction(() => document.querySelector('[data-testid=recorded]')?.textContent?.trim() !== '0%', null, { timeout: 15000 });
  await con.screenshot({ path: path.join(artifacts, 'e2e-timing-panel.png') });
  assert.deepEqual(room.errors, []);
});
