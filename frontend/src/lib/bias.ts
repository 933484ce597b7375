// The simulated audience's bias, as the console edits it. The spec is the
// one `--source sim:bias=...` reads (bridge/sim/bias.go): positional weights
// for choices 1, 2, ... ("60/40") or entries naming a choice number or keyword
// ("2:80", "breach:70/surge:20"); choices not named share what is left of 100.

/** BiasEntry is one weight of a spec. */
export interface BiasEntry {
  key: string; // "" for a positional weight
  choice: number; // 1-based, positional only
  weight: number;
}

/** BiasChoice is what weights need to know about a fork's choice. */
export interface BiasChoice {
  number: number;
  keywords?: string[];
}

/**
 * parseBias reads a spec like the simulator does; it throws an Error with a
 * readable message on a malformed or negative weight, or on a mix of
 * positional and named entries. "" is even (no entries).
 */
export function parseBias(spec: string): BiasEntry[] {
  const s = spec.trim();
  if (s === '') return [];
  let keyed = false;
  let positional = false;
  return s.split('/').map((raw, i) => {
    const part = raw.trim();
    const colon = part.indexOf(':');
    const key = colon >= 0 ? part.slice(0, colon).trim().toLowerCase() : '';
    const w = (colon >= 0 ? part.slice(colon + 1) : part).trim().replace(/%$/, '');
    const weight = w === '' ? NaN : Number(w);
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`weight "${w}" is not a number ≥ 0`);
    if (colon >= 0) {
      if (key === '') throw new Error(`"${part}" names no choice`);
      keyed = true;
    } else {
      positional = true;
    }
    if (keyed && positional) throw new Error('mix of positional (60/40) and named (2:80) weights');
    return { key, choice: colon >= 0 ? 0 : i + 1, weight };
  });
}

function matches(e: BiasEntry, c: BiasChoice): boolean {
  if (e.key === '') return c.number === e.choice;
  if (String(c.number) === e.key) return true;
  const k = e.key.replace(/^#/, '');
  return (c.keywords ?? []).some((kw) => kw.replace(/^#/, '').toLowerCase() === k);
}

/**
 * biasPercents returns the share of votes each choice gets (percent, summing
 * to 100 up to rounding), as the simulator computes it. It throws on a bad spec.
 */
export function biasPercents(spec: string, choices: BiasChoice[]): number[] {
  const entries = parseBias(spec);
  const n = choices.length;
  const w = new Array<number>(n).fill(0);
  if (n === 0) return w;
  const named = new Array<boolean>(n).fill(false);
  let sum = 0;
  for (const e of entries) {
    const i = choices.findIndex((c, j) => !named[j] && matches(e, c));
    if (i >= 0) {
      named[i] = true;
      w[i] = e.weight;
      sum += e.weight;
    }
  }
  const rest = named.filter((x) => !x).length;
  if (rest > 0 && sum < 100) {
    const share = sum === 0 ? 1 : (100 - sum) / rest;
    for (let i = 0; i < n; i++) if (!named[i]) w[i] = share;
  }
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (total === 0 ? 100 / n : (100 * x) / total));
}

/** sliderFromBias is choice 1's share (0-100, whole) of a two-choice fork under spec; 50 on a bad spec. */
export function sliderFromBias(spec: string, choices: BiasChoice[]): number {
  try {
    return Math.round(biasPercents(spec, choices.slice(0, 2))[0] ?? 50);
  } catch {
    return 50;
  }
}

/** biasFromSlider writes choice 1's share p as a two-choice spec ("60/40"). */
export function biasFromSlider(p: number): string {
  const x = Math.max(0, Math.min(100, Math.round(p)));
  return `${x}/${100 - x}`;
}

/** describeBias says how a fork's votes would split: "1: 60% · 2: 40%"; the error message on a bad spec. */
export function describeBias(spec: string, choices: BiasChoice[]): { text: string; error: string | null } {
  try {
    const p = biasPercents(spec, choices);
    return { text: choices.map((c, i) => `${c.number}: ${Math.round(p[i])}%`).join(' · '), error: null };
  } catch (e) {
    return { text: '', error: e instanceof Error ? e.message : String(e) };
  }
}

/** biasProblem is why spec is malformed, or null when the simulator can read it. */
export function biasProblem(spec: string): string | null {
  try {
    parseBias(spec);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
