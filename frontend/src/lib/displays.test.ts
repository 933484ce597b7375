import { describe, expect, it } from 'vitest';
import { displayLabel } from './displays';

describe('displayLabel', () => {
  it('numbers displays from 1 and says which is which', () => {
    expect(displayLabel({ index: 0, width: 1440, height: 900, primary: true, current: true })).toBe('display 1 (1440×900, primary, this window)');
    expect(displayLabel({ index: 1, width: 1920, height: 1080, primary: false, current: false })).toBe('display 2 (1920×1080)');
  });
});
