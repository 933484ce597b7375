// Browser test of the clicker (#23 item 1): a whole talk driven with the keys
// a presentation clicker sends (PageDown, PageUp and B) on the stage page,
// from the first slide through two forks and a rating to the end screen.
// Every press waits for the page to show what the press should do; the
// console's "press Next again" hint is checked on the console, never the stage.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, eventually } from './lib.mjs';
import { demoWith, startRoom } from './room.mjs';

let room;

before(async () => {
  const story = demoWith(
    'vote:\n  number: "+1 503 555 0142"\n  timer: 0\n  ties: first-listed\n  open: key\n  grace: 1s',
    'credits: "Photos by the e2e suite. Code: MIT."',
  );
  room = await startRoom(story, 'audience=120,seed=3,bias=70/30,rate=40');
});

after(async () => {
  await room?.close();
});

/** shown reads what the stage page shows now. */
async function shown() {
  return room.stage.evaluate(() => {
    const s = document.querySelector('[data-testid=stage]');
    const fork = document.querySelector('[data-testid=fork]');
    const total = document.querySelector('[data-testid=total]');
    return {
      scene: s?.getAttribute('data-scene'),
      slide: Number(s?.getAttribute('data-slide')),
      ended: s?.getAttribute('data-ended') === 'true',
      blank: s?.getAttribute('data-blank') === 'true',
      poll: fork?.getAttribute('data-poll-state') ?? null,
      total: total ? Number((total.textContent ?? '').replace(/[^0-9]/g, '')) : 0,
      text: s?.textContent ?? '',
    };
  });
}

/** settled waits until the stage shows the server's state st: slide, poll, blank, end screen. */
async function settled() {
  const st = await room.state();
  const poll = st.atFork && !st.ended && st.poll && st.poll.id ? st.poll.state : null;
  await eventually(`the stage to show ${st.scene}/${st.slide} poll ${poll} blank ${st.blank} ended ${st.ended}`, async () => {
    const s = await shown();
    return s.scene === st.scene && s.slide === st.slide && s.blank === st.blank && s.ended === st.ended && (poll === null || s.poll === poll) ? s : null;
  }, { everyMs: 50 });
  return st;
}

/** press sends key to the stage and waits until the stage shows want(page state). */
async function press(key, what, want) {
  await room.stage.keyboard.press(key);
  return eventually(`${key}: ${what}`, async () => {
    const s = await shown();
    return want(s) ? s : null;
  }, { everyMs: 50 });
}

test('a clicker drives the whole talk: PageDown, PageUp and B only', async () => {
  const log = [];
  let forks = 0;
  let wentBack = false;
  let blanked = false;
  for (let step = 0; step < 60; step++) {
    const st = await settled();
    const at = `${st.scene}/${st.slide}`;
    const p = st.atFork ? st.poll : null;
    if (st.ended) break;
    if (!blanked && st.slide === 0 && st.scene === 'title') {
      // B blanks; PageDown shows the stage again without moving on.
      await press('b', 'the stage blanked', (s) => s.blank && s.scene === st.scene && s.slide === st.slide);
      await press('PageDown', 'the stage shown again, still on the same slide', (s) => !s.blank);
      const again = await room.state();
      assert.deepEqual([again.scene, again.slide, again.blank], [st.scene, st.slide, false], 'PageDown on a blank stage must not move on');
      blanked = true;
      log.push(`${at}: B, PageDown (un-blank)`);
      continue;
    }
    if (p && p.state === 'ready') {
      await press('PageDown', `the poll of ${st.scene} open on the stage`, (s) => s.scene === st.scene && s.poll === 'open');
      log.push(`${at}: PageDown opens the poll`);
      continue;
    }
    if (p && p.state === 'open' && !st.confirmClose) {
      await eventually('votes on the stage', async () => p.kind === 'rating' || (await shown()).total >= 10, { everyMs: 100 });
      await room.stage.keyboard.press('PageDown');
      await room.consolePage.waitForSelector('[data-testid=next-hint][data-confirm=true]:text("Press Next again to close the poll")');
      const s = await shown();
      assert.equal(s.poll, 'open', 'the first PageDown on an open poll only arms the close');
      assert.doesNotMatch(s.text, /Press Next again/, 'the confirm hint is on the console only');
      await room.stage.screenshot({ path: path.join(artifacts, `e2e-clicker-armed-${st.scene}.png`) });
      await room.consolePage.screenshot({ path: path.join(artifacts, `e2e-clicker-armed-${st.scene}-console.png`) });
      log.push(`${at}: PageDown arms the close`);
      continue;
    }
    if (p && p.state === 'open') {
      await press('PageDown', `the poll of ${st.scene} closed`, (s) => s.poll === 'closed' || s.poll === 'decided');
      log.push(`${at}: PageDown closes the poll`);
      continue;
    }
    if (p && p.state === 'closed') {
      await eventually('the winner after the grace window', async () => (await shown()).poll === 'decided', { everyMs: 100 });
      continue;
    }
    if (p && p.kind === 'fork' && p.state === 'decided') {
      const target = p.choices.find((c) => c.number === p.winner)?.target;
      assert.ok(target, `the winner ${p.winner} has a target`);
      await press('PageDown', `the winner's scene ${target}`, (s) => s.scene === target && s.slide === 0);
      forks++;
      log.push(`${at}: PageDown follows the winner to ${target}`);
      if (!wentBack) {
        // PageUp goes back to the fork, decided; PageDown follows the same winner again.
        await press('PageUp', `back at the fork ${st.scene}`, (s) => s.scene === st.scene && s.poll === 'decided');
        await press('PageDown', `the winner's scene ${target} again`, (s) => s.scene === target);
        wentBack = true;
        log.push(`${target}: PageUp, PageDown`);
      }
      continue;
    }
    if (st.atEnd || st.next?.end) {
      await press('PageDown', 'the end screen', (s) => s.ended);
      log.push(`${at}: PageDown shows the end screen`);
      continue;
    }
    assert.ok(st.next && !st.next.end, `Next goes somewhere from ${at}`);
    const want = st.next;
    await press('PageDown', `${want.scene}/${want.slide}`, (s) => s.scene === want.scene && s.slide === want.slide);
    log.push(`${at}: PageDown`);
  }
  const end = await shown();
  assert.ok(end.ended, `reached the end screen (steps: ${log.join('; ')})`);
  assert.ok(forks >= 2, `went through two forks (steps: ${log.join('; ')})`);
  assert.ok(wentBack, 'went back through a fork with PageUp');
  const endText = await room.stage.textContent('[data-testid=end-screen]');
  assert.match(endText, /Forkcast demo: Friday, 5 p\.m\./, 'the end screen shows the title');
  assert.match(endText, /Forkcast contributors/, 'the end screen shows the authors');
  assert.match(endText, /Photos by the e2e suite\. Code: MIT\./, 'the end screen shows the credits');
  await room.stage.screenshot({ path: path.join(artifacts, 'e2e-clicker-end.png') });
  await room.consolePage.waitForSelector('[data-testid=ended-badge]');
  await room.consolePage.screenshot({ path: path.join(artifacts, 'e2e-clicker-end-console.png') });
  // PageUp leaves the end screen for the last slide; PageDown shows it again.
  const last = await room.state();
  await press('PageUp', 'the last slide again', (s) => !s.ended && s.scene === last.scene);
  await press('PageDown', 'the end screen again', (s) => s.ended);
  assert.deepEqual(room.errors, [], 'no page errors');
});
