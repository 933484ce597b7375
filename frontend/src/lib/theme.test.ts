import { describe, expect, it } from 'vitest';
import { themeContrast } from './theme';

describe('story theme', () => {
  it('high-contrast turns the H look on, dark off, nothing leaves the screen its choice', () => {
    expect(themeContrast('high-contrast')).toBe(true);
    expect(themeContrast('dark')).toBe(false);
    expect(themeContrast(undefined)).toBeNull();
    expect(themeContrast('')).toBeNull();
  });
});
