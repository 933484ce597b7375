import { contrast } from './cvd';

/**
 * The bar colours: the Okabe-Ito palette (Okabe & Ito 2008), ordered so the
 * first choices stay far apart for people with protanopia, deuteranopia and
 * tritanopia and in lightness (palette.test.ts checks the distances with
 * simulated colour vision). Colour is never the only cue: every bar has its
 * number beside it and a pattern of its own (barPattern).
 */
export const okabeIto = ['#E69F00', '#0072B2', '#FFFFFF', '#56B4E9', '#BBBBBB', '#D55E00', '#009E73', '#F0E442', '#CC79A7'];

/** barColour returns choice n's colour (n from 1). */
export function barColour(n: number): string {
  return okabeIto[(Math.max(1, n) - 1) % okabeIto.length];
}

/** patternNames says in words what each choice's pattern is (for tests and the test pattern). */
export const patternNames = ['solid', 'diagonal stripes', 'dots', 'horizontal stripes', 'cross-hatch', 'vertical stripes', 'checks', 'back-diagonal stripes', 'rings'];

/**
 * barPattern returns the CSS background-image drawn over choice n's colour:
 * a different texture per choice, in the ink that reads on that colour, so
 * bars stay apart in grayscale, on a washed-out projector, and for any
 * colour vision.
 */
export function barPattern(n: number): string {
  const ink = inkOn(barColour(n)) === '#000000' ? 'rgba(0,0,0,0.55)' : 'rgba(255,255,255,0.6)';
  const t = 'transparent';
  switch ((Math.max(1, n) - 1) % patternNames.length) {
    case 0:
      return 'none';
    case 1:
      return `repeating-linear-gradient(45deg, ${ink} 0 6px, ${t} 6px 16px)`;
    case 2:
      return `radial-gradient(circle, ${ink} 0 3.5px, ${t} 4.5px)`;
    case 3:
      return `repeating-linear-gradient(0deg, ${ink} 0 5px, ${t} 5px 13px)`;
    case 4:
      return `repeating-linear-gradient(45deg, ${ink} 0 3px, ${t} 3px 12px), repeating-linear-gradient(-45deg, ${ink} 0 3px, ${t} 3px 12px)`;
    case 5:
      return `repeating-linear-gradient(90deg, ${ink} 0 6px, ${t} 6px 16px)`;
    case 6:
      return `conic-gradient(${ink} 0 25%, ${t} 0 50%, ${ink} 0 75%, ${t} 0)`;
    case 7:
      return `repeating-linear-gradient(-45deg, ${ink} 0 6px, ${t} 6px 16px)`;
  }
  return `radial-gradient(circle, ${t} 0 4px, ${ink} 4.5px 7px, ${t} 7.5px)`;
}

/** barPatternSize is the tile size of barPattern(n) ("auto" for stripes). */
export function barPatternSize(n: number): string {
  switch ((Math.max(1, n) - 1) % patternNames.length) {
    case 2:
      return '14px 14px';
    case 6:
      return '20px 20px';
    case 8:
      return '18px 18px';
  }
  return 'auto';
}

/** inkOn returns black or white, whichever has the higher contrast on a background colour. */
export function inkOn(hex: string): string {
  return contrast('#000000', hex) >= contrast('#FFFFFF', hex) ? '#000000' : '#FFFFFF';
}
