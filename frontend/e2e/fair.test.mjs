// Fair polls, in the browser: with hide-results the stage shows how many
// have voted and "Results when voting closes" but no bars or counts, while
// the console sees the live bars; the stage reveals them when the poll
// closes. The console shows the tie rule before voting opens.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, eventually } from './lib.mjs';
import { countsOn, demoWith, startRoom, toFork } from './room.mjs';

let room;
const story = demoWith(`
vote:
  number: "+1 503 555 0142"
  timer: 0
  ties: first-listed
  hide-results: true
  grace: 1s
`);

before(async () => {
  room = await startRoom(story, 'audience=200,seed=5,bias=70/30,burst=4s,window=6s,late=0,invalid=0');
});
after(async () => {
  assert.deepEqual(room?.errors ?? [], [], 'no page errors');
  await room?.close();
});

test('the console shows the tie rule and that results are hidden before voting opens', async () => {
  await toFork(room);
  const rule = await room.consolePage.textContent('[data-testid=tie-rule]');
  assert.match(rule, /Tie:\s*the first listed of the tied choices wins/);
  assert.match(rule, /results hidden from the room until the poll closes/);
});

test('while open, the stage shows the vote count and no results; the console shows the bars', async () => {
  await room.act('/api/poll/open');
  await room.stage.waitForSelector('[data-testid=fork][data-poll-state=open]');
  // Wait until the console's bars hold votes, then until the stage's count has caught up with them.
  const seen = await eventually('votes on the console bars', async () => {
    const c = await countsOn(room.consolePage, '[data-testid=poll-panel]');
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    return total >= 20 ? { c, total } : null;
  }, { timeoutMs: 60000, everyMs: 100 });
  assert.deepEqual(Object.keys(seen.c).sort(), ['1', '2'], 'the console shows a count on both bars');
  await eventually('the stage to count the votes', async () => {
    const t = await room.stage.textContent('[data-testid=total]');
    return Number(t.replace(/\D/g, '')) >= seen.total;
  }, { everyMs: 100 });
  assert.equal(await room.stage.textContent('[data-testid=results-hidden]'), 'Results when voting closes');
  assert.deepEqual(await countsOn(room.stage, '[data-testid=stage]'), {}, 'no count on the stage bars');
  assert.equal(await room.stage.locator('[data-testid=stage] .fill').count(), 0, 'no bar on the stage');
  const values = await room.stage.locator('[data-testid=stage] [data-testid=bar-value]').allTextContents();
  assert.deepEqual(values.map((v) => v.trim()), ['–', '–']);
  await room.stage.screenshot({ path: path.join(artifacts, 'fair-stage-hidden.png') });
  await room.consolePage.screenshot({ path: path.join(artifacts, 'fair-console-open.png') });
});

test('at close the stage reveals the bars, with the counts the console has', async () => {
  await room.act('/api/poll/close');
  const st = await eventually('the poll to be decided', async () => {
    const s = await room.state();
    return s.poll?.state === 'decided' ? s : null;
  }, { timeoutMs: 60000 });
  await room.stage.waitForSelector('[data-testid=fork][data-poll-state=decided]');
  const want = Object.fromEntries(st.poll.choices.map((c) => [String(c.number), c.count]));
  const onStage = await eventually('the stage to show the final counts', async () => {
    const c = await countsOn(room.stage, '[data-testid=stage]');
    return JSON.stringify(c) === JSON.stringify(want) ? c : null;
  }, { everyMs: 100 });
  assert.equal(await room.stage.locator('[data-testid=stage] .fill').count(), 2, 'both bars drawn');
  await room.consolePage.waitForSelector('[data-testid=poll-state]:text-is("decided")');
  assert.deepEqual(await countsOn(room.consolePage, '[data-testid=poll-panel]'), onStage);
  assert.equal(await room.stage.locator('[data-testid=results-hidden]').count(), 0, 'the hint is gone');
  await room.stage.screenshot({ path: path.join(artifacts, 'fair-stage-revealed.png') });
});
