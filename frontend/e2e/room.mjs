// Helpers of the room tests (fair.test.mjs, a11y.test.mjs, audio.test.mjs,
// projector.test.mjs): a story written for the test, `forkcast serve` on
// it, stage and console pages in one browser context (bypassCSP so axe-core
// can be injected; the CSP itself is unchanged), and waits on page state.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, eventually, launch, root, serve } from './lib.mjs';

export const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const require = createRequire(import.meta.url);
/** axeSource is axe-core's script, injected into pages under test. */
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * demoWith returns stories/demo.md with its front matter's vote block
 * replaced by vote (YAML lines) and extra front-matter lines added.
 */
export function demoWith(vote, extra = '') {
  const src = readFileSync(path.join(root, 'stories/demo.md'), 'utf8');
  const start = src.indexOf('vote:\n');
  const end = src.indexOf('\n---\n', start);
  if (start < 0 || end < 0) throw new Error('stories/demo.md has no vote: block in its front matter');
  return src.slice(0, start) + vote.trim() + '\n' + extra.trim() + src.slice(end);
}

/**
 * startRoom writes story into a temporary folder, runs serve on it with a
 * simulated audience spec, and opens a stage and a console page. opts.context
 * adds browser-context options (reducedMotion...); opts.files are written
 * beside the story.
 */
export async function startRoom(story, sim, opts = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-room-'));
  const file = path.join(dir, 'talk.md');
  writeFileSync(file, story);
  for (const [name, body] of Object.entries(opts.files ?? {})) writeFileSync(path.join(dir, name), body);
  const server = serve(bin, ['serve', '--story', file, '--db', path.join(dir, 'show.db'), '--listen', '127.0.0.1:0', '--token', 'room-token', '--source', `sim:${sim}`]);
  const urls = await server.urls;
  const chrome = await launch();
  const context = await chrome.browser.newContext({ bypassCSP: true, viewport: { width: 1600, height: 900 }, ...(opts.context ?? {}) });
  if (opts.init) await context.addInitScript(opts.init);
  const stage = await context.newPage();
  const consolePage = await context.newPage();
  const errors = [];
  for (const [name, p] of [['stage', stage], ['console', consolePage]]) {
    p.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  }
  await stage.goto(urls.stage);
  await consolePage.goto(urls.console);
  await stage.waitForSelector('[data-testid=stage][data-scene]');
  await consolePage.waitForSelector('[data-testid=console]');
  return {
    dir,
    urls,
    browser: chrome.browser,
    stage,
    consolePage,
    errors,
    state: async () => (await api(urls.stage, 'GET', '/api/state')).data,
    act: async (p, body) => {
      const r = await api(urls.stage, 'POST', p, body);
      if (r.status !== 200) throw new Error(`POST ${p}: ${r.status} ${JSON.stringify(r.data)}`);
    },
    async close() {
      await chrome.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * toFork moves the show to its next fork's poll slide and waits until both
 * pages show that fork, ready to open.
 */
export async function toFork(room) {
  for (let i = 0; i < 30; i++) {
    const st = await room.state();
    if (st.atFork && st.poll?.state === 'ready') {
      await room.stage.waitForSelector(`[data-testid=stage][data-scene="${st.scene}"] [data-testid=fork][data-poll-state=ready]`);
      await room.consolePage.waitForSelector('[data-testid=poll-state]:text-is("ready")');
      return st;
    }
    await room.act('/api/next');
    await eventually('the slide to change', async () => (await room.state()).version !== st.version);
  }
  throw new Error('no fork within 30 slides');
}

/** axe runs axe-core in page and returns its serious and critical violations, readable. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} — ${(n.any[0]?.message ?? '').slice(0, 140)}`).join('; ')}`);
}

/** countsOn returns the counts a page shows on its bars, by choice ({} when it shows none). */
export async function countsOn(page, scope) {
  return page.evaluate((scope) => {
    const out = {};
    for (const row of document.querySelectorAll(`${scope} [data-choice]`)) {
      const c = row.querySelector('[data-count]');
      if (c) out[row.getAttribute('data-choice')] = Number(c.getAttribute('data-count'));
    }
    return out;
  }, scope);
}
