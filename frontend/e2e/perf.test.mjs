// Performance in the browser (issue 7, item 7): at 1,000 texts/s from the
// simulator's load mode, the time from a text reaching the engine to the bar's
// new value in the stage's DOM (p50/p99), and the frame rate during the burst.
// Figures are printed and written to build/artifacts/perf.json.
//
// Two tests share one burst. The first judges what the page costs, whatever
// the machine's load: tallies coalesced (at most PERF_MAX_TALLIES/s reach the
// page) and the page's main thread CPU time per second of burst (Chromium's
// thread clock, so time spent waiting for a core does not count). The second
// judges wall-clock figures (latency p99, frame rate): they measure the
// machine as much as the app, so when the CPUs had no idle time during the
// burst (another job held them: the page's main thread got the CPU for a
// fraction of its task time) it is skipped, visibly, with the figures and why.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, eventually, launch, percentile, serve, shows } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');
const rate = Number(process.env.PERF_RATE ?? 1000);
const seconds = Number(process.env.PERF_SECONDS ?? 8);
// The issue's targets are p99 < 150 ms and ≥ 50 fps; they are printed as met
// or missed. The test fails only past looser bounds (PERF_P99_MS, PERF_MIN_FPS)
// because `make test` shares two cores with everything else; set
// PERF_P99_MS=150 PERF_MIN_FPS=50 on a quiet machine to hold it to the targets.
const p99Target = 150;
const fpsTarget = 50;
const p99Bound = Number(process.env.PERF_P99_MS ?? 600);
const fpsBound = Number(process.env.PERF_MIN_FPS ?? 25);
// Load-independent bounds: the engine coalesces tallies to ~20/s (45 ms), and
// the page's main thread uses about a third of a core at ~55 fps (less when
// starved of frames); three quarters of a core for 20 tallies/s is a regression.
const talliesBound = Number(process.env.PERF_MAX_TALLIES ?? 25);
const cpuBound = Number(process.env.PERF_MAX_CPU ?? 0.75);
// The wall-clock bounds are judged when at least this share of all CPU time
// was idle during the burst: then no runnable thread waited long for a core.
const minIdle = Number(process.env.PERF_MIN_IDLE ?? 0.1);
let result; // the burst's figures, shared by the two tests

/** cpuTimes reads the machine's CPU counters (Linux /proc/stat, first line): idle and total ticks. */
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-perf-'));
let server, urls, chrome;

/** ms parses an RFC 3339 time with up to nanoseconds. */
const ms = (t) => Date.parse(t.replace(/(\.\d{3})\d+/, '$1'));

before(async () => {
  server = serve(bin, ['serve', '--story', 'stories/demo.md', '--db', path.join(dir, 'perf.db'), '--listen', '127.0.0.1:0', '--token', 'perf',
    '--source', `sim:load=1,rate=${rate}`]);
  urls = await server.urls;
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(`page cost at ${rate} texts/s: tallies coalesced, main thread CPU bounded, final count drawn`, async () => {
  const page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(urls.stage);
  await shows(page, '[data-testid=stage][data-scene]', 'the stage');
  for (let i = 0; i < 20; i++) {
    const st = (await api(urls.stage, 'GET', '/api/state')).data;
    if (st.atFork && st.poll?.state === 'ready') break;
    assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200);
  }
  await shows(page, '[data-testid=stage][data-poll-state=ready] [data-testid=fork][data-poll-state=ready]', 'the fork, ready to open');
  // Frame recorder: every requestAnimationFrame timestamp while it runs.
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
  // Main-thread time the page spends (Chromium's own counters), to tell a busy
  // page from a starved one.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  // The same counters on the main thread's CPU clock (a second session, its own time domain).
  const cdpCPU = await page.context().newCDPSession(page);
  await cdpCPU.send('Performance.enable', { timeDomain: 'threadTicks' });
  const metricsCPU = async () => Object.fromEntries((await cdpCPU.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const c0 = await metricsCPU();
  const m0 = await metrics();
  const cpu0 = cpuTimes();
  const opened = await api(urls.stage, 'POST', '/api/poll/open');
  assert.equal(opened.status, 200, JSON.stringify(opened.data));
  const pollID = opened.data.poll.id;
  const t0 = Date.now();
  // The burst is what this test simulates: the audience texts for `seconds`
  // while frames and tallies are recorded. This wait is its length, not a
  // guess at how long something takes.
  await page.waitForTimeout(seconds * 1000);
  const { frames, samples } = await page.evaluate(() => {
    window.__perfStop = true;
    return { frames: window.__frames, samples: window.__forkcastPerf };
  });
  const elapsed = (Date.now() - t0) / 1000;
  const cpu1 = cpuTimes();
  const m1 = await metrics();
  const c1 = await metricsCPU();
  const busy = (k) => (m1[k] - m0[k]) / elapsed; // seconds per second
  const cpu = (k) => (c1[k] - c0[k]) / elapsed; // CPU seconds per second
  const inbox = (await api(urls.stage, 'GET', '/api/inbox?limit=1000')).data;
  await api(urls.stage, 'POST', '/api/poll/close');
  await page.screenshot({ path: path.join(artifacts, 'perf-stage.png') });
  // Whatever the load, no tally is lost on the way: once the poll is decided
  // (after the story's grace window for late texts) the stage shows the
  // server's final count.
  const decided = await eventually('the poll to be decided', async () => {
    const p = (await api(urls.stage, 'GET', '/api/state')).data.poll;
    return p?.id === pollID && (p.state === 'decided' || (p.state === 'closed' && p.tie?.length)) ? p : null;
  }, { timeoutMs: 60000 });
  const drawn = () => page.evaluate(() => [...document.querySelectorAll('[data-testid=stage] [data-count]')].reduce((a, e) => a + Number(e.dataset.count), 0));
  await eventually(`the stage to show the final count, ${decided.total}`, async () => (await drawn()) === decided.total, {
    seen: async () => `${await drawn()} on the stage`,
  });

  const texts = inbox.filter((e) => e.poll === pollID);
  assert.ok(texts.length > 100, `texts stored for the poll: ${texts.length}`);
  assert.ok(samples.length > 10, `tallies drawn: ${samples.length}`);
  samples.sort((a, b) => a.seq - b.seq);
  const fromStored = [];
  const fromReceived = [];
  for (const e of texts) {
    const s = samples.find((x) => x.seq >= e.id);
    if (!s) continue; // stored after the last tally we watched
    fromStored.push(s.dom - ms(e.storedAt));
    fromReceived.push(s.dom - ms(e.receivedAt));
  }
  fromStored.sort((a, b) => a - b);
  fromReceived.sort((a, b) => a - b);
  const deltas = frames.slice(1).map((t, i) => t - frames[i]);
  const span = (frames[frames.length - 1] - frames[0]) / 1000;
  const fps = (frames.length - 1) / span;
  const long = deltas.filter((d) => d > 20).length;
  const dropped = deltas.reduce((n, d) => n + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0);
  const firstSample = samples[0];
  const lastSample = samples[samples.length - 1];
  const tallyToDom = samples.map((x) => x.dom - x.at).sort((a, b) => a - b);
  result = {
    rate_requested: rate,
    seconds: elapsed,
    texts_in_poll_sample: texts.length,
    achieved_rate: (1000 * (lastSample.seq - firstSample.seq)) / Math.max(1, lastSample.at - firstSample.at),
    tallies_drawn: samples.length,
    tallies_per_s: samples.length / elapsed,
    latency_from_commit_ms: { p50: percentile(fromStored, 50), p99: percentile(fromStored, 99), n: fromStored.length },
    latency_from_source_ms: { p50: percentile(fromReceived, 50), p99: percentile(fromReceived, 99), n: fromReceived.length },
    tally_to_dom_ms: { p50: percentile(tallyToDom, 50), p99: percentile(tallyToDom, 99), n: tallyToDom.length },
    frames: { fps, long_frames_over_20ms: long, dropped_60hz: dropped, total: deltas.length },
    main_thread_share: { task: busy('TaskDuration'), script: busy('ScriptDuration'), layout: busy('LayoutDuration'), style: busy('RecalcStyleDuration') },
    main_thread_cpu: { task: cpu('TaskDuration'), script: cpu('ScriptDuration'), layout: cpu('LayoutDuration'), style: cpu('RecalcStyleDuration') },
    cpu_got_of_task_time: cpu('TaskDuration') / Math.max(1e-9, busy('TaskDuration')),
    machine_idle_share: (cpu1.idle - cpu0.idle) / Math.max(1, cpu1.total - cpu0.total),
    load_average: (await import('node:os')).loadavg()[0],
    targets: {
      p99_under_150ms: percentile(fromStored, 99) < p99Target ? 'met' : 'missed',
      fps_50: fps >= fpsTarget ? 'met' : 'missed',
    },
  };
  writeFileSync(path.join(artifacts, 'perf.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('perf:', JSON.stringify(result));
  assert.ok(result.tallies_per_s <= talliesBound, `${result.tallies_per_s.toFixed(1)} tallies/s reached the page, bound ${talliesBound} (coalescing)`);
  assert.ok(result.main_thread_cpu.task <= cpuBound, `the page's main thread used ${result.main_thread_cpu.task.toFixed(3)} CPU s per s of burst, bound ${cpuBound}`);
});

test(`text → DOM latency and frame rate at ${rate} texts/s`, (t) => {
  assert.ok(result, 'no figures: the burst above failed');
  const p99 = result.latency_from_commit_ms.p99;
  const n = result.latency_from_commit_ms.n; // texts of the inbox sample drawn before the burst ended
  const fps = result.frames.fps;
  if (result.machine_idle_share < minIdle) {
    t.skip(
      `the CPUs were saturated by other work during the burst (${(100 * result.machine_idle_share).toFixed(1)}% idle, ` +
        `load ${result.load_average}; the page's main thread got the CPU for ${(100 * result.cpu_got_of_task_time).toFixed(0)}% of its task time): ` +
        `p99 ${n ? `${p99.toFixed(0)} ms over ${n} texts` : 'unknown (none of the last ~1,000 texts was drawn before the burst ended)'} (bound ${p99Bound} ms), ` +
        `${fps.toFixed(1)} fps (bound ${fpsBound}) are reported, not judged`,
    );
    return;
  }
  assert.ok(n > 0, 'none of the last ~1,000 texts of the burst was drawn before it ended: the page is over a second behind');
  assert.ok(p99 < p99Bound, `p99 ${p99} ms over ${n} texts, bound ${p99Bound} ms`);
  assert.ok(fps >= fpsBound, `${fps.toFixed(1)} fps during the burst, bound ${fpsBound}`);
});
