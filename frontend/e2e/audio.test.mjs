// Sound on the stage only, in the browser: with the story's cues on, the
// stage plays "poll open", "ten seconds left" and "winner" once each, and
// the console, open at the same time, plays nothing. Each page counts its
// audio elements' play() calls (an init script wraps HTMLMediaElement.play).
// The mute key silences the next poll; the volume keys scale the story's volume.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoWith, startRoom, toFork } from './room.mjs';

// Counting play() calls: a headless browser may refuse to play without a
// user gesture or an audio device; the call is what the test counts.
const countPlays = () => {
  window.__plays = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    window.__plays.push({ cue: this.dataset.cue ?? '', src: this.src, volume: this.volume });
    try {
      return play.call(this).catch(() => {});
    } catch {
      return Promise.resolve();
    }
  };
};

let room;
const story = demoWith(`
vote:
  number: "+1 503 555 0142"
  timer: 12s
  grace: 1s
  ties: first-listed
`, `
audio:
  open: chime
  ten-seconds: tick
  winner: fanfare
  volume: 0.5
`);

before(async () => {
  room = await startRoom(story, 'audience=120,seed=3,bias=70/30,burst=2s,late=0', { init: countPlays });
});
after(async () => {
  assert.deepEqual(room?.errors ?? [], [], 'no page errors');
  await room?.close();
});

const plays = (page) => page.evaluate(() => window.__plays.map((p) => p.cue));

test('the stage plays each cue of a poll once; the console none', async () => {
  await toFork(room);
  // this screen's volume: one step down from 100%, shown on the stage
  await room.stage.keyboard.press('-');
  await room.stage.waitForSelector('[data-testid=stage][data-volume="0.9"]');
  await room.act('/api/poll/open');
  await room.stage.waitForFunction(() => window.__plays.some((p) => p.cue === 'open'), null, { timeout: 60000 });
  // the 12 s timer: ten seconds left after 2 s; then it closes, and the winner is known after the 1 s grace
  await room.stage.waitForFunction(() => window.__plays.some((p) => p.cue === 'tenSeconds'), null, { timeout: 60000 });
  await room.stage.waitForFunction(() => window.__plays.some((p) => p.cue === 'winner'), null, { timeout: 60000 });
  await room.consolePage.waitForSelector('[data-testid=poll-state]:text-is("decided")');
  // Proof the stage kept processing after the winner: it shows the next key's effect.
  await room.stage.keyboard.press('m');
  await room.stage.waitForSelector('[data-testid=stage][data-muted=true]');
  assert.deepEqual(await plays(room.stage), ['open', 'tenSeconds', 'winner'], 'each cue once, in order');
  assert.deepEqual(await plays(room.consolePage), [], 'the console plays nothing');
  const vols = await room.stage.evaluate(() => window.__plays.map((p) => p.volume));
  for (const v of vols) assert.ok(Math.abs(v - 0.45) < 0.01, `volume ${v}, want 0.5 (story) × 0.9 (screen)`);
  const srcs = await room.stage.evaluate(() => window.__plays.map((p) => new URL(p.src).pathname));
  assert.match(srcs.join(' '), /^\/assets\/chime-[\w-]+\.wav \/assets\/tick-[\w-]+\.wav \/assets\/fanfare-[\w-]+\.wav$/);
});

test('muted, the next poll plays nothing', async () => {
  await room.act('/api/next'); // follow the winner
  await toFork(room);
  await room.act('/api/poll/open');
  await room.stage.waitForSelector('[data-testid=fork][data-poll-state=open] [data-testid=countdown]');
  // The countdown re-renders every 250 ms, each time re-checking the cues:
  // wait for it to pass the ten-second mark, when two cues are due.
  await room.stage.waitForFunction(() => {
    const t = document.querySelector('[data-testid=countdown] .t')?.textContent ?? '';
    const [m, s] = t.split(':').map(Number);
    return m * 60 + s <= 9;
  }, null, { timeout: 60000 });
  assert.deepEqual(await plays(room.stage), ['open', 'tenSeconds', 'winner'], 'nothing more while muted');
  assert.deepEqual(await plays(room.consolePage), []);
});
