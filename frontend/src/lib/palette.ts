/**
 * Okabe-Ito, the colour-blind-safe palette (Okabe & Ito 2008), ordered for a
 * dark background so neighbouring bars differ in lightness too. Every bar also
 * carries its number, so colour is never the only cue.
 */
export const okabeIto = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#CC79A7', '#0072B2', '#D55E00', '#BBBBBB', '#FFFFFF'];

/** barColour returns choice n's colour (n from 1). */
export function barColour(n: number): string {
  return okabeIto[(Math.max(1, n) - 1) % okabeIto.length];
}

/** inkOn returns black or white, whichever reads better on a background colour. */
export function inkOn(hex: string): string {
  const v = parseInt(hex.slice(1), 16);
  const r = (v >> 16) & 255,
    g = (v >> 8) & 255,
    b = v & 255;
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return L > 0.22 ? '#000000' : '#FFFFFF';
}
