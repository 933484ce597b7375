// One burst of texts into an open poll while headless Chromium shows the
// stage: shared by the behaviour test (perf.test.mjs, part of `make e2e`) and
// the benchmark that measures speed (perf.bench.mjs, run by build/bench.sh).
// The burst records what the page drew (each tally's seq and when its DOM
// update landed), every animation frame, and Chromium's main-thread counters;
// the caller decides what to judge or report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, eventually, shows } from './lib.mjs';

/** cpuTimes reads the machine's CPU counters (Linux /proc/stat, first line): idle and total ticks. */
export function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
}

/**
 * burst opens the demo's first fork on a server started with
 * `--source sim:load=1,rate=R`, lets the simulated audience text for `seconds`
 * (the burst is what is simulated: this wait is its length, not a guess at how
 * long something takes), closes the poll, waits for it to be decided and for
 * the stage to draw the server's final count, and returns what was recorded.
 */
export async function burst(chrome, urls, seconds) {
  const page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(urls.stage);
  await shows(page, '[data-testid=stage][data-scene]', 'the stage');
  for (let i = 0; i < 20; i++) {
    const st = (await api(urls.stage, 'GET', '/api/state')).data;
    if (st.atFork && st.poll?.state === 'ready') break;
    assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200);
  }
  await shows(page, '[data-testid=stage][data-poll-state=ready] [data-testid=fork][data-poll-state=ready]', 'the fork, ready to open');
  // Frame recorder and tally log (the page appends {seq, at, dom} to __forkcastPerf when it exists).
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__perfStop = false;
    const loop = (t) => {
      w.__frames.push(t);
      if (!w.__perfStop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    w.__forkcastPerf = [];
  });
  // Chromium's main-thread counters, on the wall clock and on the thread's CPU clock.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cdpCPU = await page.context().newCDPSession(page);
  await cdpCPU.send('Performance.enable', { timeDomain: 'threadTicks' });
  const metrics = async (s) => Object.fromEntries((await s.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const c0 = await metrics(cdpCPU);
  const m0 = await metrics(cdp);
  const cpu0 = cpuTimes();
  const opened = await api(urls.stage, 'POST', '/api/poll/open');
  assert.equal(opened.status, 200, JSON.stringify(opened.data));
  const pollID = opened.data.poll.id;
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000); // the burst's length (see above)
  const { frames, samples } = await page.evaluate(() => {
    window.__perfStop = true;
    return { frames: window.__frames, samples: window.__forkcastPerf };
  });
  const elapsed = (Date.now() - t0) / 1000;
  const cpu1 = cpuTimes();
  const m1 = await metrics(cdp);
  const c1 = await metrics(cdpCPU);
  const inbox = (await api(urls.stage, 'GET', '/api/inbox?limit=1000')).data;
  await api(urls.stage, 'POST', '/api/poll/close');
  // Once the poll is decided (after the story's grace window for late texts)
  // the stage must show the server's final count: no tally lost on the way.
  const decided = await eventually(
    'the poll to be decided',
    async () => {
      const p = (await api(urls.stage, 'GET', '/api/state')).data.poll;
      return p?.id === pollID && (p.state === 'decided' || (p.state === 'closed' && p.tie?.length)) ? p : null;
    },
    { timeoutMs: 60000 },
  );
  const drawn = () =>
    page.evaluate(() => [...document.querySelectorAll('[data-testid=stage] [data-count]')].reduce((a, e) => a + Number(e.dataset.count), 0));
  await eventually(`the stage to show the final count, ${decided.total}`, async () => (await drawn()) === decided.total, {
    seen: async () => `${await drawn()} on the stage`,
  });
  samples.sort((a, b) => a.seq - b.seq);
  return {
    page,
    pollID,
    elapsed,
    frames,
    samples,
    texts: inbox.filter((e) => e.poll === pollID),
    decided,
    wall: (k) => (m1[k] - m0[k]) / elapsed, // seconds per second of burst
    cpu: (k) => (c1[k] - c0[k]) / elapsed, // CPU seconds per second of burst
    idleShare: (cpu1.idle - cpu0.idle) / Math.max(1, cpu1.total - cpu0.total),
  };
}
