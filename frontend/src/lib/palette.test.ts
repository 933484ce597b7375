import { describe, expect, it } from 'vitest';
import { contrast, deltaE, minPairDelta } from './cvd';
import { barColour, barPattern, inkOn, okabeIto } from './palette';

const visions = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'] as const;

describe('bar palette', () => {
  it('simulates colour vision: a deficiency folds red and green together, grey stays grey', () => {
    // Red and green are far apart for most people and close for protans and deutans.
    expect(deltaE('#FF0000', '#00AA00', 'normal')).toBeGreaterThan(80);
    expect(deltaE('#D55E00', '#8A7A00', 'deuteranopia')).toBeLessThan(deltaE('#D55E00', '#8A7A00', 'normal') / 2);
    expect(deltaE('#D55E00', '#8A7A00', 'protanopia')).toBeLessThan(deltaE('#D55E00', '#8A7A00', 'normal') / 2);
    // Blue and green fold for tritans.
    expect(deltaE('#56B4E9', '#009E73', 'tritanopia')).toBeLessThan(deltaE('#56B4E9', '#009E73', 'normal'));
    for (const v of visions) expect(deltaE('#808080', '#808080', v)).toBeCloseTo(0, 5);
  });

  it('keeps the first choices far apart for every colour vision', () => {
    // ΔE (CIE76) thresholds: ~2.3 is a just-noticeable difference; 20+ is
    // obvious across a room. Forks have 2-9 choices, most 2-4.
    const floor = { 2: 60, 3: 50, 4: 20, 6: 15, 9: 14 } as const;
    for (const v of visions) {
      for (const [k, min] of Object.entries(floor)) {
        const m = minPairDelta(okabeIto.slice(0, Number(k)), v);
        expect(m.delta, `${v}, first ${k}: ${m.a} vs ${m.b}`).toBeGreaterThanOrEqual(min);
      }
    }
  });

  it('keeps choices 1-3 apart in lightness too (a grayscale projector)', () => {
    const m = minPairDelta(okabeIto.slice(0, 3), 'grayscale');
    expect(m.delta, `${m.a} vs ${m.b}`).toBeGreaterThanOrEqual(20);
  });

  it('gives every choice its own pattern', () => {
    const p = Array.from({ length: 9 }, (_, i) => barPattern(i + 1));
    expect(new Set(p).size).toBe(9);
    expect(barPattern(10)).toBe(barPattern(1));
  });

  it('writes each number in the ink that reads best on its colour (≥ 4.5:1)', () => {
    for (let n = 1; n <= 9; n++) {
      const c = barColour(n);
      expect(contrast(inkOn(c), c), c).toBeGreaterThanOrEqual(4.5);
    }
  });
});
