import { describe, expect, it } from 'vitest';
import { biasFromSlider, biasPercents, biasProblem, describeBias, parseBias, sliderFromBias } from './bias';

const two = [{ number: 1, keywords: ['breach'] }, { number: 2, keywords: ['#surge'] }];
const three = [{ number: 1 }, { number: 2 }, { number: 3, keywords: ['logs'] }];

describe('parseBias', () => {
  it('reads positional and named weights', () => {
    expect(parseBias('60/40')).toEqual([
      { key: '', choice: 1, weight: 60 },
      { key: '', choice: 2, weight: 40 },
    ]);
    expect(parseBias(' Breach:70 / 2:20% ')).toEqual([
      { key: 'breach', choice: 0, weight: 70 },
      { key: '2', choice: 0, weight: 20 },
    ]);
    expect(parseBias('')).toEqual([]);
  });
  it.each([['60/x'], ['-5/10'], ['60/'], [':40'], ['60/2:40']])('refuses %j', (spec) => {
    expect(() => parseBias(spec)).toThrow();
    expect(biasProblem(spec)).toBeTruthy();
  });
  it('finds no problem in a good spec', () => {
    expect(biasProblem('breach:70/2:10')).toBeNull();
    expect(biasProblem('')).toBeNull();
  });
});

describe('biasPercents', () => {
  const cases: [string, typeof three, number[]][] = [
    ['', two, [50, 50]],
    ['60/40', two, [60, 40]],
    ['3/1', two, [75, 25]],
    ['1:100', two, [100, 0]],
    ['2:80', two, [20, 80]],
    ['surge:70', two, [30, 70]],
    ['2:80', three, [10, 80, 10]],
    ['logs:40/1:40', three, [40, 20, 40]],
    ['0/0', two, [50, 50]],
    ['9:50', two, [50, 50]],
  ];
  it.each(cases)('%j over %j', (spec, choices, want) => {
    const got = biasPercents(spec, choices);
    expect(got.map((x) => Math.round(x * 100) / 100)).toEqual(want);
  });
});

describe('the two-choice slider', () => {
  it('round-trips through the spec', () => {
    expect(biasFromSlider(65)).toBe('65/35');
    expect(biasFromSlider(140)).toBe('100/0');
    expect(sliderFromBias('65/35', two)).toBe(65);
    expect(sliderFromBias('2:80', two)).toBe(20);
    expect(sliderFromBias('', two)).toBe(50);
    expect(sliderFromBias('nonsense', two)).toBe(50);
  });
  it('describes the split, or the error', () => {
    expect(describeBias('60/40', two)).toEqual({ text: '1: 60% · 2: 40%', error: null });
    expect(describeBias('60/x', two).error).toMatch(/not a number/);
  });
});
