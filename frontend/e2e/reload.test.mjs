// Browser test of live-reload errors on the console (#23 item 3): saving a
// broken story shows its file:line errors on the console (the show goes on
// with the previous version); saving it fixed clears them.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, root } from './lib.mjs';
import { startRoom } from './room.mjs';

const good = readFileSync(path.join(root, 'stories/demo.md'), 'utf8');
let room;
before(async () => {
  room = await startRoom(good, 'audience=10,seed=2');
});
after(async () => {
  await room?.close();
});

test('a broken save shows its errors on the console, a fixed save clears them', async () => {
  const con = room.consolePage;
  const file = path.join(room.dir, 'talk.md');
  assert.ok(good.includes('-> deploy'), 'the demo diverts to deploy');
  writeFileSync(file, good.replace('-> deploy', '-> nowhere-to-be-found'));
  const banner = await con.waitForSelector('[data-testid=reload-status][data-ok=false]');
  const text = await banner.textContent();
  assert.match(text, /The story file has errors/);
  assert.match(text, /talk\.md:\d+:\d+: error: .*nowhere-to-be-found/);
  await con.screenshot({ path: path.join(artifacts, 'e2e-reload-errors.png') });
  assert.equal(await room.stage.$('[data-testid=reload-status]'), null, 'nothing on the stage');
  assert.equal((await room.state()).scene, 'title', 'the show goes on');

  writeFileSync(file, good.replace('A two-minute demo', 'A two-minute live demo'));
  await con.waitForSelector('[data-testid=reload-status]', { state: 'detached' });
  await room.stage.waitForSelector('[data-testid=stage]:has-text("A two-minute live demo")');
  assert.deepEqual(room.errors, []);
});
