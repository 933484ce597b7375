// smoke-talk.mjs API TOKEN WID: drives the desktop window through a whole talk
// with the keys a clicker sends (PageDown, PageUp, B), sent by xdotool to
// window WID, from the first slide through every fork to the end screen. Each
// key waits on the app's loopback API for the state it must lead to (with a
// generous deadline that says what was awaited and what was seen last).
// Exits 0 with the steps taken, 1 with the reason.
import { execFileSync } from 'node:child_process';

const [api, token, wid] = process.argv.slice(2);
const state = async () => {
  const r = await fetch(`${api}/api/state`, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET /api/state: ${r.status}`);
  return r.json();
};
const pause = (ms) => new Promise((r) => setTimeout(r, ms)); // the poll interval of a condition, not a wait for an outcome
async function until(what, want, secs = 30) {
  const end = Date.now() + secs * 1000;
  let last;
  for (;;) {
    last = await state().catch((e) => ({ error: e.message }));
    if (!last.error && want(last)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${secs} s waiting for ${what}; last seen: ${JSON.stringify({ scene: last.scene, slide: last.slide, blank: last.blank, ended: last.ended, poll: last.poll?.state, total: last.poll?.total, confirmClose: last.confirmClose, error: last.error })}`);
    await pause(100);
  }
}
async function press(key, what, want) {
  execFileSync('xdotool', ['key', '--window', wid, key]);
  return until(`${key} to lead to ${what}`, want);
}

const log = [];
let forks = 0;
let back = false;
let blanked = false;
try {
  for (let step = 0; step < 80; step++) {
    const st = await state();
    const at = `${st.scene}/${st.slide}`;
    const p = st.atFork ? st.poll : null;
    if (st.ended) break;
    if (!blanked) {
      await press('b', 'a blank stage', (s) => s.blank);
      await press('Next', 'the stage shown again on the same slide', (s) => !s.blank && s.scene === st.scene && s.slide === st.slide);
      blanked = true;
      log.push(`${at}: B, PageDown (un-blank)`);
      continue;
    }
    if (p?.state === 'ready') {
      await press('Next', `the poll of ${st.scene} open`, (s) => s.poll?.state === 'open');
      log.push(`${at}: PageDown opens`);
      continue;
    }
    if (p?.state === 'open' && !st.confirmClose) {
      await until('10 votes', (s) => p.kind === 'rating' || s.poll?.total >= 10, 60);
      await press('Next', 'the close armed', (s) => s.confirmClose || s.poll?.state !== 'open');
      log.push(`${at}: PageDown arms the close`);
      continue;
    }
    if (p?.state === 'open') {
      await press('Next', 'the poll closed', (s) => s.poll?.state === 'closed' || s.poll?.state === 'decided');
      log.push(`${at}: PageDown closes`);
      continue;
    }
    if (p?.state === 'closed') {
      await until('the winner after the grace window', (s) => s.poll?.state === 'decided');
      continue;
    }
    if (p?.state === 'decided' && p.kind === 'fork') {
      const target = p.choices.find((c) => c.number === p.winner)?.target;
      await press('Next', `the winner's scene ${target}`, (s) => s.scene === target && s.slide === 0);
      forks++;
      log.push(`${at}: PageDown follows ${target}`);
      if (!back) {
        await press('Prior', `back at the fork ${st.scene}`, (s) => s.scene === st.scene && s.poll?.state === 'decided');
        await press('Next', `${target} again`, (s) => s.scene === target);
        back = true;
        log.push(`${target}: PageUp, PageDown`);
      }
      continue;
    }
    if (st.atEnd || st.next?.end) {
      await press('Next', 'the end screen', (s) => s.ended);
      log.push(`${at}: PageDown shows the end screen`);
      continue;
    }
    if (!st.next) throw new Error(`Next goes nowhere from ${at} (poll ${p?.state})`);
    const want = st.next;
    await press('Next', `${want.scene}/${want.slide}`, (s) => s.scene === want.scene && s.slide === want.slide);
    log.push(`${at}: PageDown`);
  }
  const end = await state();
  if (!end.ended) throw new Error('80 presses did not reach the end screen');
  if (forks < 2) throw new Error(`went through ${forks} forks, want 2`);
  console.log(`smoke: a whole talk with PageDown/PageUp/B through ${forks} forks to the end screen: ${log.join('; ')}`);
} catch (e) {
  console.error(`smoke: FAIL: ${e.message}\nsteps: ${log.join('; ')}`);
  process.exit(1);
}
