// Browser test of the checker's model of ordinary slides (#23 item 5): for
// slides generated just under and just over the stage's room (paragraphs,
// headings h1 to h6, rules, nested lists, quotes, code blocks, long words
// and long code lines, PNG and SVG images, tables that wrap or run wide),
// and for every ordinary slide of the bundled stories, `forkcast check`'s
// verdict (a warning on the slide at 16:9 or 4:3, or none) agrees with what
// the real stage does: the slide's blocks stay inside its box less its
// padding, and no line runs past its box at the right, or not. The model
// (app/story/projector_slides.go) cannot drift from styles/slides.css
// without this failing. Only a slide the checker says it cannot measure
// (raw HTML) may be cut with no warning; such slides are counted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, eventually, fontsLoaded, launch, png, root, serve } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-slides-budget-'));
// A warning on a slide the stage still fits is tolerated only when the
// checker's figure is over the room by at most this fraction; such
// verdicts are counted ("cautious"), and at most two are allowed.
const margin = 0.01;
// Viewport per ratio: the stage canvas is 1280×720 or 960×720, scaled.
const ratios = [['16:9', 1600, 900], ['4:3', 1024, 768]];

const words = (n, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i % 10}`).join(' ');
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const code = (n, width = 20) => '```python\n' + lines(n, (i) => `x${String(i).padStart(2, '0')} = ${'1'.padEnd(width - 6, '0')}`) + '\n```';
// The generated slides: [scene id, slides' Markdown]. Each scene's slides
// straddle the room: one just under, one just over, where the figures allow.
const scenes = [
  ['paras', [
    `# A heading\n\n${words(60)}\n\n${words(60)}`,
    `# A heading\n\n${words(70)}\n\n${words(70)}\n\n${words(40)}`,
    `# A heading\n\n${words(80)}\n\n${words(80)}\n\n${words(40)}`,
  ]],
  ['headings', [
    `# ${words(8, 'Heading')}\n\n## ${words(8, 'Second')}\n\n### ${words(8, 'Third')}\n\n${words(20)}`,
    `# ${words(14, 'Heading')}\n\n## ${words(12, 'Second')}\n\n### ${words(10, 'Third')}\n\n${words(20)}`,
  ]],
  ['lists', [
    `## Lists\n\n${lines(6, (i) => `- item ${i} ${words(6)}`)}`,
    `## Lists\n\n${lines(9, (i) => `- item ${i} ${words(6)}`)}`,
    `## Nested\n\n${lines(3, (i) => `- item ${i} ${words(5)}\n  - nested ${words(10)}\n  - nested ${words(3)}`)}`,
    `## Nested\n\n${lines(4, (i) => `1. item ${i} ${words(5)}\n   - nested ${words(10)}\n     - deeper ${words(8)}`)}`,
  ]],
  ['quotes', [
    `## Quote\n\n> ${words(40)}\n>\n> ${words(30)}\n\n${words(20)}`,
    `## Quote\n\n> ${words(60)}\n>\n> ${words(50)}\n\n${words(20)}`,
  ]],
  ['codes', [
    `## Code\n\n${code(12)}`,
    `## Code\n\n${code(14)}`,
    `## Code\n\n${code(13)}`,
    `## Wide code\n\n${code(3, 48)}`, // fits at 4:3: 48 characters
    `## Wide code\n\n${code(3, 52)}`, // cut at 4:3 only
    `## Wide code\n\n${code(3, 75)}`, // cut at both
  ]],
  ['inline', [
    `## Inline\n\n**${words(40)}** and \`${words(10, 'code')}\` ${words(30)}\n\n[a link](https://example.org/${'x'.repeat(200)}) ${words(30)}`,
    `## Inline\n\n**${words(60)}** and \`${words(12, 'code')}\` ${words(40)}`,
  ]],
  // Images (app/story/projector_images.go): 2000×1000 is 920×460 at 16:9
  // (max-height) and 784×392 at 4:3 (max-width); a viewBox-only SVG is as
  // wide as its line, then 460 px tall at most.
  ['images', [
    `# A heading\n\n![a big picture](big.png)`,
    `# A heading\n\n${words(6)}\n\n![a big picture](big.png)`, // cut at 16:9 only: the image is taller there
    `# A heading\n\n${words(25)}\n\n![a big picture](big.png)`,
    `## A chart\n\n![a chart](chart.svg)`,
    `## A chart\n\n${words(8)}\n\n![a chart](chart.svg "with a title")`,
    `## A photo\n\n![a photo](photo.svg)\n\n${words(40)}`,
    `## A photo\n\n![a photo](photo.svg)\n\n${words(70)}`,
    `## Small ones\n\n${lines(5, (i) => `- item ${i} ![icon](small.png) ${words(3)}`)}`,
    `## Small ones\n\n${lines(5, (i) => `- item ${i} ![icon](small.png) ${words(12)}`)}`,
    // A raw <img>: its width or height attribute sizes it; alone on its
    // line it is a flex item of the slide, inline it sits on its line.
    `## Raw\n\n<img src="big.png" width="1000">\n\n${words(4)}`, // cut at 16:9 only: 460 px tall there, 392 at 4:3
    `## Raw\n\n<img src="big.png" height="300">\n\n${words(20)}`,
    `## Raw inline\n\nText <img src="small.png" height="60"> text ${words(30)}`,
  ]],
  // GFM tables: 28px text, a bold header, 8px 16px padding; cells wrap.
  ['tables', [
    `## Table\n\n| Name | Value |\n|---|---|\n${lines(8, (i) => `| row ${i} | ${words(3)} |`)}`,
    `## Table\n\n| Name | Value |\n|---|---|\n${lines(9, (i) => `| row ${i} | ${words(3)} |`)}`,
    `## Wrapping\n\n| Before | After |\n|:--|--:|\n${lines(3, () => `| ${words(12)} | **${words(9)}** \`${words(2, 'code')}\` |`)}`,
    `## Wrapping\n\n| Before | After |\n|:--|--:|\n${lines(4, () => `| ${words(14)} | **${words(10)}** \`${words(2, 'code')}\` |`)}`,
    `## Wide\n\n| Key |\n|---|\n| ${'x'.repeat(60)} |`, // cut at 4:3 only: the table runs off at the right
    `## Wide\n\n| Key | Other |\n|---|---|\n| ${'x'.repeat(50)} | ${'y'.repeat(30)} |`,
  ]],
  // h4 to h6 keep the browser's sizes and margins; *** is a rule.
  ['deep', [
    `#### ${words(3, 'Four')}\n\n${words(10)}\n\n##### ${words(3, 'Five')}\n\n***\n\n${words(6)}`,
    `#### ${words(3, 'Four')}\n\n${words(10)}\n\n##### ${words(3, 'Five')}\n\n***\n\n${words(6)}\n\n###### ${words(3, 'Six')}\n\n${words(16)}`,
    `#### ${words(3, 'Four')}\n\n${words(20)}\n\n##### ${words(3, 'Five')}\n\n***\n\n${words(12)}`,
    `#### ${words(3, 'Four')}\n\n${words(24)}\n\n##### ${words(3, 'Five')}\n\n***\n\n${words(14)}`, // cut at 4:3 only
    `# Heading\n\n    indented code\n    more code\n\n- [x] ${words(8)}\n- [ ] ${words(8)}\n\n${words(20)}`,
    `Setext heading\n===\n\n    indented code\n    more code\n\n- [x] ${words(8)}\n- [ ] ${words(8)}\n\n${words(12)}`,
  ]],
  // Raw HTML is not measured: the checker says so once per slide.
  ['html', [
    `## Raw HTML\n\n<div>\n<p>${words(60)}</p>\n<p>${words(60)}</p>\n</div>`,
    `## Comment\n\n<!-- not shown -->\n\n${words(20)}`,
  ]],
  ['long-word', [
    `## Words\n\n${'Supercalifragilistic'.repeat(2)} fits`,
    `## Words\n\n${'Supercalifragilistic'.repeat(3)} too long at 4:3`,
    `## Words\n\n${'Supercalifragilistic'.repeat(4)} too long at both`,
  ]],
];

function story() {
  let s = '---\ntitle: Slides budget\nstart: paras\n---\n\n';
  scenes.forEach(([id, slides], i) => {
    s += `:: ${id}\n${slides.join('\n\n---\n\n')}\n\n-> ${scenes[i + 1]?.[0] ?? 'END'}\n\n`;
  });
  return s;
}

/** writeImages puts the generated slides' images in dir. */
function writeImages(into) {
  writeFileSync(path.join(into, 'big.png'), png(2000, 1000));
  writeFileSync(path.join(into, 'small.png'), png(300, 100));
  writeFileSync(path.join(into, 'chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675"><rect width="1200" height="675" fill="#56b4e9"/></svg>');
  writeFileSync(path.join(into, 'photo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#f0e442"/></svg>');
}

/** verdicts runs `forkcast check` on file: per "scene/slide" and ratio, the figure it warns with (0: none). */
function verdicts(file) {
  let out;
  try {
    out = execFileSync(path.resolve(bin), ['check', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`forkcast check ${file} failed: ${e.stdout}${e.stderr}`);
  }
  const cut = {};
  const unmeasured = {};
  for (const line of out.split('\n')) {
    let m = line.match(/warning: slide (\d+) of scene "([^"]+)" has .*, which the checker cannot measure/);
    if (m) {
      unmeasured[`${m[2]}/${Number(m[1]) - 1}`] = true;
      continue;
    }
    m = line.match(/warning: slide (\d+) of scene "([^"]+)" (?:needs (\d+) px of the stage's (\d+)|has a (?:code line|table) (\d+) px wide where (\d+) fit on the stage) at (16:9|4:3)/);
    let v;
    if (m) v = { n: m[1], id: m[2], need: m[3] ?? m[5], room: m[4] ?? m[6], at: m[7] };
    else if ((m = line.match(/warning: slide (\d+) of scene "([^"]+)" has ".*", too long for a line of the stage at (16:9|4:3) \((\d+) px wide, (\d+) fit\)/))) v = { n: m[1], id: m[2], at: m[3], need: m[4], room: m[5] };
    else continue;
    const key = `${v.id}/${Number(v.n) - 1}`;
    cut[key] ??= {};
    cut[key][v.at] = { need: Number(v.need), room: Number(v.room) };
  }
  return { cut, unmeasured, out };
}

/** measure shows slide n of scene on the page: what the real stage cuts of it. */
async function measure(p, scene, n) {
  const sel = `[data-testid=stage][data-scene="${scene}"][data-slide="${n}"] [data-testid=frame] .slide-content`;
  await p.waitForSelector(sel, { state: 'attached' }).catch(async (e) => {
    const seen = await p.evaluate(() => {
      const s = document.querySelector('[data-testid=stage]');
      return `${s?.dataset.scene}/${s?.dataset.slide}`;
    });
    throw new Error(`waited for slide ${scene}/${n} on the stage, saw ${seen}: ${e.message}`);
  });
  // Images load after the slide shows: measure once every one has its size.
  await eventually(`the images of ${scene}/${n} loaded`, () => p.evaluate((sel) => [...document.querySelectorAll(`${sel} img`)].every((i) => i.complete), sel));
  await fontsLoaded(p, sel, `${scene}/${n}`);
  return p.evaluate((sel) => {
    const box = document.querySelector(sel);
    const b = box.getBoundingClientRect();
    const scale = b.height / 720;
    const cs = getComputedStyle(box);
    const padT = parseFloat(cs.paddingTop) * scale;
    const padX = parseFloat(cs.paddingLeft) * scale;
    const kids = [...box.children];
    const why = [];
    if (kids.length > 0) {
      const top = Math.min(...kids.map((k) => k.getBoundingClientRect().top));
      const bottom = Math.max(...kids.map((k) => k.getBoundingClientRect().bottom));
      if (top < b.top + padT - 1 || bottom > b.bottom - padT + 1) why.push(`blocks ${((bottom - top) / scale).toFixed(1)} px tall of ${(b.height - 2 * padT) / scale}`);
    }
    // Text past its box at the right: a code line past its pre's padding
    // (overflow hidden), any other line past the slide's padding.
    for (const kid of kids) {
      // A highlighted code block is a div.code around its pre.
      const k = kid.matches('pre') ? kid : (kid.querySelector('pre') ?? kid);
      const r = document.createRange();
      r.selectNodeContents(k);
      const right = Math.max(...[...r.getClientRects()].map((x) => x.right));
      const kb = k.getBoundingClientRect();
      const kcs = getComputedStyle(k);
      const limit = k.tagName === 'PRE' ? kb.right - (parseFloat(kcs.paddingRight) + parseFloat(kcs.borderRightWidth)) * scale : b.right - padX;
      if (right > limit + 1) why.push(`${k.tagName} text ${((right - limit) / scale).toFixed(1)} px past its box`);
      // A pre (overflow hidden) is a flex item that may shrink: when the
      // slide's blocks are taller than its box, the code blocks give up
      // their height first and hide their lines.
      if (k.tagName === 'PRE' && k.scrollHeight > k.clientHeight + 1) why.push(`PRE shows ${k.clientHeight} px of its ${k.scrollHeight}`);
    }
    return { cut: why.length > 0, why };
  }, sel);
}

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** agree compares the checker and the stage on every ordinary slide of file. */
async function agree(file, label) {
  const { cut, unmeasured, out } = verdicts(file);
  const server = serve(bin, ['serve', '--story', file, '--db', path.join(dir, `${label}.db`), '--listen', '127.0.0.1:0', '--token', 'slides']);
  const pages = {};
  try {
    const urls = await server.urls;
    const doc = (await api(urls.stage, 'GET', '/api/story')).data;
    const sceneList = doc.scenes ?? doc.story?.scenes;
    assert.ok(Array.isArray(sceneList) && sceneList.length > 0, `GET /api/story lists the scenes: ${JSON.stringify(doc).slice(0, 300)}`);
    for (const [name, w, h] of ratios) {
      pages[name] = await chrome.browser.newPage({ viewport: { width: w, height: h } });
      await pages[name].goto(urls.stage);
    }
    const seen = [];
    const wrong = [];
    for (const sc of sceneList) {
      const polled = sc.fork || sc.rating;
      const n = sc.slides.length - (polled ? 1 : 0);
      if (n <= 0) continue;
      assert.equal((await api(urls.stage, 'POST', '/api/goto', { scene: sc.id })).status, 200, `goto ${sc.id}`);
      for (let i = 0; i < n; i++) {
        if (i > 0) assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200, `next to ${sc.id}/${i}`);
        for (const [name] of ratios) {
          const m = await measure(pages[name], sc.id, i);
          if (process.env.BUDGET_SHOTS) await pages[name].screenshot({ path: path.join(artifacts, `e2e-slides-${label}-${sc.id}-${i}-${name.replace(':', 'x')}.png`) });
          const c = cut[`${sc.id}/${i}`]?.[name];
          const partial = !!unmeasured[`${sc.id}/${i}`];
          const v = { slide: `${sc.id}/${i}`, at: name, checker: !!c, stage: m.cut, partial, need: c?.need, room: c?.room, why: m.why };
          seen.push(v);
          if (v.checker === v.stage) continue;
          if (v.checker && c.need <= c.room * (1 + margin)) continue; // cautious, counted below
          if (!v.checker && partial) continue; // raw HTML the checker says it cannot measure: counted below
          wrong.push(`${v.slide} at ${name}: the stage ${m.cut ? `cuts it (${m.why.join('; ')})` : 'shows it whole'} but check says ${c ? `cut (${c.need} of ${c.room})` : 'fits'}`);
        }
      }
    }
    const exact = seen.filter((v) => v.checker === v.stage).length;
    const cautious = seen.filter((v) => v.checker && !v.stage);
    const missed = seen.filter((v) => !v.checker && v.stage);
    console.log(`${label}: ${seen.length} verdicts (slide × ratio), ${exact} exact, ${cautious.length} cautious (within ${margin * 100}%: ${cautious.map((v) => `${v.slide} at ${v.at}, ${v.need} of ${v.room}`).join('; ') || 'none'}), ${missed.length} missed on slides the checker says it cannot measure (${Object.keys(unmeasured).length} such slides); stage cuts ${seen.filter((v) => v.stage).length}`);
    assert.deepEqual(wrong, [], `the checker and the stage disagree:\n${out}`);
    assert.ok(cautious.length <= 2, `at most two cautious warnings: ${JSON.stringify(cautious)}`);
    return seen;
  } finally {
    for (const p of Object.values(pages)) await p.close();
    await server.stop();
  }
}

test('the checker and the stage agree on generated slides at 16:9 and 4:3', async () => {
  const file = path.join(dir, 'slides.md');
  writeFileSync(file, story());
  writeImages(dir);
  const seen = await agree(file, 'gen');
  // The set must straddle the room at both ratios, or agreement proves nothing.
  for (const [name] of ratios) {
    const at = seen.filter((v) => v.at === name);
    assert.ok(at.some((v) => v.stage) && at.some((v) => !v.stage), `slides on both sides of the room at ${name}: ${JSON.stringify(at)}`);
  }
  assert.ok(seen.some((v) => v.at === '4:3' && v.stage && !seen.find((w) => w.at === '16:9' && w.slide === v.slide).stage), 'a slide cut at 4:3 only');
  // Each kind the model learnt in #23 straddles the room at both ratios.
  for (const kind of ['images', 'tables', 'deep']) {
    for (const [name] of ratios) {
      const at = seen.filter((v) => v.slide.startsWith(`${kind}/`) && v.at === name);
      assert.ok(at.some((v) => v.stage) && at.some((v) => !v.stage), `${kind} on both sides of the room at ${name}: ${JSON.stringify(at)}`);
    }
  }
  // Raw HTML is said to be unmeasured, once per slide; a comment is not HTML the stage shows.
  assert.deepEqual(seen.filter((v) => v.partial).map((v) => v.slide), ['html/0', 'html/0'], 'the slides the checker cannot measure');
});

for (const file of ['stories/django-deployment.md', 'stories/demo.md']) {
  test(`the checker and the stage agree on every slide of ${file}`, async () => {
    const seen = await agree(file, path.basename(file, '.md'));
    assert.deepEqual(seen.filter((v) => v.stage).map((v) => `${v.slide} at ${v.at}: ${v.why.join('; ')}`), [], `${file} shows whole on the stage`);
  });
}
