/**
 * Colour-vision checks for the bar palette: simulate the three common
 * deficiencies (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in
 * linear sRGB) and measure how far apart two colours look (CIE76 ΔE in
 * CIELAB, D65). Used by the palette's unit test; nothing at run time.
 */
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia' | 'grayscale';

type M3 = [number, number, number, number, number, number, number, number, number];

const matrices: Record<Exclude<Vision, 'normal' | 'grayscale'>, M3> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

/** rgb parses #RRGGBB into 0-255 channels. */
export function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** linear returns a colour's linear-light sRGB channels (0-1). */
export function linear(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex);
  return [toLinear(r), toLinear(g), toLinear(b)];
}

/** simulate returns how a colour looks with a vision, as linear sRGB. */
export function simulate(hex: string, vision: Vision): [number, number, number] {
  const [r, g, b] = linear(hex);
  if (vision === 'normal') return [r, g, b];
  if (vision === 'grayscale') {
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return [y, y, y];
  }
  const m = matrices[vision];
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return [clamp(m[0] * r + m[1] * g + m[2] * b), clamp(m[3] * r + m[4] * g + m[5] * b), clamp(m[6] * r + m[7] * g + m[8] * b)];
}

/** lab converts linear sRGB to CIELAB (D65 white). */
export function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const fx = f(x), fy = f(y), fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** deltaE is the CIE76 distance between two colours seen with a vision. */
export function deltaE(a: string, b: string, vision: Vision = 'normal'): number {
  const [l1, a1, b1] = lab(simulate(a, vision));
  const [l2, a2, b2] = lab(simulate(b, vision));
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** minPairDelta is the smallest deltaE between any two of colours with a vision. */
export function minPairDelta(colours: string[], vision: Vision): { delta: number; a: string; b: string } {
  let best = { delta: Infinity, a: '', b: '' };
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) {
      const d = deltaE(colours[i], colours[j], vision);
      if (d < best.delta) best = { delta: d, a: colours[i], b: colours[j] };
    }
  }
  return best;
}

/** contrast is the WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const lum = (h: string) => {
    const [r, g, bl] = linear(h);
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
