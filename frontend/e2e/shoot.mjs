// Development helper: screenshots of a running server's stage and console.
//   node e2e/shoot.mjs 'http://127.0.0.1:8765/stage?token=dev' [prefix]
// It waits for the page to say it is ready (html[data-ready]). Prefer it to
// `chromium --headless --screenshot`: that one shoots right after the load
// event, before the show's first fetches may have answered (a "Forkcast"
// splash), and with --virtual-time-budget it never finishes, because the live
// event stream keeps a request open and virtual time waits for it.
import path from 'node:path';
import { artifacts, launch, settled, shows } from './lib.mjs';

const [stageURL, prefix = 'dev'] = process.argv.slice(2);
const consoleURL = stageURL.replace('/stage', '/console');
const { browser, close } = await launch();
try {
  for (const [name, url, w, h] of [
    ['stage', stageURL, 1920, 1080],
    ['stage-4x3', stageURL, 1024, 768],
    ['console', consoleURL, 1440, 900],
  ]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
    page.on('pageerror', (e) => console.error(name, e));
    await page.goto(url);
    const view = name.startsWith('stage') ? 'stage' : 'console';
    await shows(page, `[data-testid=${view}][data-scene]`, `the ${view}`);
    await shows(page, 'html[data-ready=true]', 'the first slide drawn');
    if (view === 'console') await shows(page, '[data-testid=story-map] g', 'the story map laid out');
    await page.evaluate(() => document.fonts.ready);
    await settled(page);
    await page.screenshot({ path: path.join(artifacts, `${prefix}-${name}.png`) });
    await page.close();
  }
} finally {
  await close();
}
