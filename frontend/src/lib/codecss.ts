// The code-highlighting CSS of story.ChromaCSS() has the light style unscoped
// and the dark style under [data-theme="dark"] (and .theme-dark, and the
// system's dark preference). The dark style leaves some token classes (.p
// punctuation, .nx, .na, ...) to inherit, so the light style's dark-grey
// colours for them leak onto dark slides. scopeCodeCSS puts the light rules
// under [data-theme="light"]: each theme then gets only its own colours.

const LIGHT = '[data-theme="light"] ';

/** scopeCodeCSS returns css with every unscoped highlighting rule scoped to the light theme. */
export function scopeCodeCSS(css: string): string {
  return css
    .split('\n')
    .map((line) => {
      const t = line.trimStart();
      if (!(t.startsWith('.chroma') || t.startsWith('.bg ') || t.startsWith('.bg{'))) return line;
      const brace = line.indexOf('{');
      if (brace < 0) return line;
      const sel = line
        .slice(0, brace)
        .split(',')
        .map((s) => LIGHT + s.trim())
        .join(', ');
      return sel + ' ' + line.slice(brace);
    })
    .join('\n');
}
