import { describe, expect, it } from 'vitest';
import { logicalWidth, viewFromLocation } from './view';
import { choiceList, plural, resultCounts, resultLabel } from './text';
import { barColour, inkOn, okabeIto } from './palette';

describe('views', () => {
  it('routes by path and hash', () => {
    expect(viewFromLocation('/', '')).toBe('stage');
    expect(viewFromLocation('/stage', '')).toBe('stage');
    expect(viewFromLocation('/console', '')).toBe('console');
    expect(viewFromLocation('/console/', '')).toBe('console');
    expect(viewFromLocation('/', '#console')).toBe('console');
    expect(viewFromLocation('/console', '#stage')).toBe('stage');
  });
  it('opens the desktop window on the console, a browser on the stage', () => {
    expect(viewFromLocation('/', '', true)).toBe('console');
    expect(viewFromLocation('/', '#stage', true)).toBe('stage');
    expect(viewFromLocation('/stage', '', true)).toBe('stage');
    expect(viewFromLocation('/', '', false)).toBe('stage');
  });
  it('uses a 4:3 canvas on squarish screens', () => {
    expect(logicalWidth(1920, 1080)).toBe(1280);
    expect(logicalWidth(1024, 768)).toBe(960);
    expect(logicalWidth(1280, 800)).toBe(1280);
  });
});

describe('text', () => {
  it('says choices the way the banner does', () => {
    expect(choiceList([1, 2])).toBe('1 or 2');
    expect(choiceList([1, 2, 3])).toBe('1, 2 or 3');
    expect(choiceList([4])).toBe('4');
    expect(plural(1, 'vote')).toBe('1 vote');
    expect(plural(1234, 'vote')).toBe('1,234 votes');
    expect(resultCounts('changed')).toBe(true);
    expect(resultCounts('late')).toBe(false);
    expect(resultCounts('superseded')).toBe(false);
    expect(resultLabel('superseded')).toBe('older text');
  });
});

describe('palette', () => {
  it('is Okabe-Ito with readable ink', () => {
    expect(okabeIto).toHaveLength(9);
    expect(barColour(1)).toBe('#E69F00');
    expect(barColour(10)).toBe(barColour(1));
    expect(inkOn('#F0E442')).toBe('#000000');
    expect(inkOn('#0072B2')).toBe('#FFFFFF');
  });
});
