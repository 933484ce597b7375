// gen_fontwidths.mjs writes fontwidths.go: the advance width (in em) of every
// rune of the Latin ranges in each face the stage uses, measured in Debian's
// Chromium with the very @fontsource files the frontend bundles and the
// stage's font settings (font-feature-settings 'cv11'). `check` sums these
// to know how wide a label, a keyword or a heading is on the projector.
//
//   go generate ./app/story/          (needs `npm ci` in frontend/)
//   node app/story/gen_fontwidths.mjs --check
//
// --check re-measures in the browser and compares with the committed table,
// and measures sample phrases whole (kerning included) against the table's
// sums, so the table cannot drift from the fonts; frontend/e2e/budget.test.mjs
// runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '../../frontend');
const require = createRequire(path.join(frontend, 'package.json'));
const { chromium } = require('playwright-core');
const fontsource = path.join(frontend, 'node_modules/@fontsource');
const out = path.join(here, 'fontwidths.go');

// The faces, as frontend/src/main.ts imports them. The stage asks for other
// weights too (650, 750, 850): CSS font matching gives them the next heavier
// face (700, 800, 900), as fontFace in projector.go does; --check measures at
// those weights to prove it.
const faces = [
  ['Sans400', 'Inter', 400],
  ['Sans500', 'Inter', 500],
  ['Sans600', 'Inter', 600],
  ['Sans700', 'Inter', 700],
  ['Sans800', 'Inter', 800],
  ['Sans900', 'Inter', 900],
  ['Mono400', 'JetBrains Mono', 400],
  ['Mono600', 'JetBrains Mono', 600],
  ['Mono800', 'JetBrains Mono', 800],
];
// The ranges measured: Basic Latin, Latin-1, Latin Extended-A, general
// punctuation (dashes, quotes, bullet, ellipsis), the euro sign and arrows.
const ranges = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x2010, 0x2027],
  [0x20ac, 0x20ac],
  [0x2190, 0x2193],
];
const runes = ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
const size = 1000; // px: Chromium's 1/64 px layout unit is then 1/64000 em

function serveFonts(page) {
  const server = createServer((req, res) => {
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const file = path.join(fontsource, path.normalize(decodeURIComponent(req.url)).replace(/^(\.\.[/\\])+/, ''));
    try {
      const body = readFileSync(file);
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** measure returns, per [family, weight] asked, the widths of texts (in em). */
async function measure(page, asks) {
  return page.evaluate(
    async ({ asks, size }) => {
      const res = [];
      for (const { family, weight, texts } of asks) {
        const spec = `${weight} ${size}px "${family}"`;
        await document.fonts.load(spec, texts.join(''));
        const box = document.createElement('div');
        box.style.cssText = `font: ${spec}; white-space: pre; font-feature-settings: 'cv11' 1; position: absolute; left: 0; top: 0`;
        for (const t of texts) {
          const s = document.createElement('span');
          s.textContent = t;
          box.append(s, document.createElement('br'));
        }
        document.body.append(box);
        res.push([...box.querySelectorAll('span')].map((s) => s.getBoundingClientRect().width / size));
        box.remove();
      }
      return res;
    },
    { asks, size },
  );
}

// Kerning is measured for pairs of printable ASCII characters (where nearly
// all of a talk's text is): a pair's width less its two advances.
const ascii = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i));
const pairs = ascii.flatMap((a) => ascii.map((b) => a + b));

/** table measures every face's advances, { face: [width per rune] }, and
 * its kerning, { face: [[a, b, em], ...] } (pairs whose kerning is not 0). */
async function table(page) {
  const got = await measure(page, faces.map(([, family, weight]) => ({ family, weight, texts: runes.map((r) => String.fromCodePoint(r)) })));
  const widths = Object.fromEntries(faces.map(([name], i) => [name, got[i].map((w) => Math.round(w * 10000) / 10000)]));
  const two = await measure(page, faces.map(([, family, weight]) => ({ family, weight, texts: pairs })));
  const kerns = Object.fromEntries(
    faces.map(([name], f) => [
      name,
      pairs
        .map((p, i) => [p.charCodeAt(0), p.charCodeAt(1), Math.round((two[f][i] - widths[name][p.charCodeAt(0) - 0x20] - widths[name][p.charCodeAt(1) - 0x20]) * 10000)])
        .filter(([, , k]) => Math.abs(k) >= 5),
    ]),
  );
  return { widths, kerns };
}

function goSource({ widths: t, kerns }) {
  let s = '// Code generated by gen_fontwidths.mjs in Chromium from frontend/node_modules/@fontsource; DO NOT EDIT.\n\n';
  s += 'package story\n\n';
  s += '// widthRanges are the runes fontWidths has, in order: [lo, hi] inclusive.\n';
  s += 'var widthRanges = [...][2]rune{' + ranges.map(([lo, hi]) => `{0x${lo.toString(16)}, 0x${hi.toString(16)}}`).join(', ') + '}\n\n';
  s += '// fontWidths are each face\'s advance widths in em, one per rune of\n// widthRanges (in 1/10000 em).\n';
  s += 'var fontWidths = [...][]uint16{\n';
  for (const [name] of faces) {
    s += `\tface${name}: {`;
    t[name].forEach((w, i) => {
      s += (i % 16 === 0 ? '\n\t\t' : ' ') + `${Math.round(w * 10000)},`;
    });
    s += '\n\t},\n';
  }
  s += '}\n\n';
  s += '// fontKerns are each face\'s kerning pairs of printable ASCII, sorted:\n// the pair\'s width less its two advances, in 1/10000 em.\n';
  s += 'var fontKerns = [...][]kernPair{\n';
  for (const [name] of faces) {
    s += `\tface${name}: {`;
    kerns[name].forEach(([a, b, k], i) => {
      s += (i % 8 === 0 ? '\n\t\t' : ' ') + `{0x${a.toString(16)}, 0x${b.toString(16)}, ${k}},`;
    });
    s += kerns[name].length ? '\n\t},\n' : '},\n';
  }
  s += '}\n\n';
  s += '// Faces the stage uses (frontend/src/main.ts imports them).\nconst (\n';
  faces.forEach(([name], i) => {
    s += `\tface${name}${i === 0 ? ' fontFace = iota' : ''}\n`;
  });
  s += ')\n';
  return s;
}

/** numbers lists the integers of a generated source, in order. */
const numbers = (src) => src.slice(src.indexOf('var widthRanges')).match(/-?\d+/g).map(Number);

// Sample phrases measured whole (kerning and shaping included), at every
// face: testdata/fontwidths_samples.json keeps them, and TestTextWidth
// checks that the Go model's sums agree with the browser.
const samples = [
  'A security breach',
  'A traffic surge',
  'Three in the morning and your phone buzzes twice. What happened?',
  "Explore every branch of this talk, the ones you skipped too, on the talk's page.",
  'or text breach · hack · leak',
  'Text 1 or 2 to',
  'AVATAR Typography, WAVE: ToTo',
  'Déjà vu – “naïve” façade … Œuvre',
  '+1 503 555 0142',
];
const samplesFile = path.join(here, 'testdata/fontwidths_samples.json');

async function main() {
  const check = process.argv.includes('--check');
  const links = ['inter/400', 'inter/500', 'inter/600', 'inter/700', 'inter/800', 'inter/900', 'jetbrains-mono/400', 'jetbrains-mono/600', 'jetbrains-mono/800']
    .map((f) => `<link rel="stylesheet" href="/${f}.css">`)
    .join('');
  // The page and the fonts come from one loopback origin (fonts are fetched
  // with CORS).
  const server = await serveFonts(`<!doctype html><html><head>${links}</head><body></body></html>`);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(base, { waitUntil: 'load' });
    const measured = await table(page);
    const phrases = await measure(page, faces.map(([, family, weight]) => ({ family, weight, texts: samples })));
    const wholes = faces.flatMap(([name], f) => samples.map((text, i) => ({ face: name, text, em: Math.round(phrases[f][i] * 10000) / 10000 })));
    const src = goSource(measured);
    const json = `${JSON.stringify(wholes, null, 1)}\n`;
    if (!check) {
      writeFileSync(out, src);
      writeFileSync(samplesFile, json);
      console.log(`wrote ${out}: ${faces.length} faces × ${runes.length} runes, ${Object.values(measured.kerns).flat().length} kerning pairs; ${samplesFile}`);
      return;
    }
    // The committed table and samples against the fonts measured now, to
    // 2/10000 em (rounding).
    const drift = [];
    const [now, was] = [numbers(src), numbers(readFileSync(out, 'utf8'))];
    if (now.length !== was.length) drift.push(`fontwidths.go has ${was.length} numbers, the fonts give ${now.length}`);
    else now.forEach((n, i) => Math.abs(n - was[i]) > 2 && drift.push(`number ${i}: measured ${n}, table ${was[i]}`));
    const old = JSON.parse(readFileSync(samplesFile, 'utf8'));
    wholes.forEach((w, i) => {
      if (old[i]?.text !== w.text || Math.abs(w.em - old[i].em) > 0.0002) drift.push(`${w.face} ${JSON.stringify(w.text)}: measured ${w.em} em, samples ${old[i]?.em}`);
    });
    // The weights the stage asks for between faces get the next heavier face.
    const between = await measure(page, [650, 750, 850].map((weight) => ({ family: 'Inter', weight, texts: ['Security breach'] })));
    const heavier = await measure(page, [700, 800, 900].map((weight) => ({ family: 'Inter', weight, texts: ['Security breach'] })));
    between.forEach((w, i) => {
      if (Math.abs(w[0] - heavier[i][0]) > 0.0002) drift.push(`Inter ${[650, 750, 850][i]} is not the ${[700, 800, 900][i]} face: ${w[0]} em, not ${heavier[i][0]}`);
    });
    if (drift.length) {
      console.error(`fontwidths.go or its samples drifted from the fonts (${drift.length}); run go generate ./app/story/:\n${drift.slice(0, 20).join('\n')}`);
      process.exitCode = 1;
    } else console.log(`fontwidths.go and ${path.basename(samplesFile)} match the fonts measured in Chromium`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
