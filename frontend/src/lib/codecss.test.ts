import { describe, expect, it } from 'vitest';
import { scopeCodeCSS } from './codecss';

const css = `/* Forkcast code highlighting (chroma github / github-dark). */
.bg { background-color: #f7f7f7; }
.chroma { background-color: #f7f7f7; }
.chroma .p { color: #1f2328 }
.chroma .k, .chroma .kd { color: #cf222e }
[data-theme="dark"] .chroma .k { color: #ff7b72 }
.theme-dark .chroma .k { color: #ff7b72 }
@media (prefers-color-scheme: dark) {
:root:not([data-theme="light"]) .chroma .k { color: #ff7b72 }
}`;

describe('scopeCodeCSS', () => {
  const out = scopeCodeCSS(css).split('\n');
  it('scopes the light rules to the light theme', () => {
    expect(out[1]).toBe('[data-theme="light"] .bg { background-color: #f7f7f7; }');
    expect(out[3]).toBe('[data-theme="light"] .chroma .p { color: #1f2328 }');
    expect(out[4]).toBe('[data-theme="light"] .chroma .k, [data-theme="light"] .chroma .kd { color: #cf222e }');
  });
  it('leaves the dark rules, comments and at-rules alone', () => {
    expect(out[0]).toBe(css.split('\n')[0]);
    expect(out.slice(5)).toEqual(css.split('\n').slice(5));
  });
  it('lets no light colour reach a dark page', () => {
    // every rule that applies without a theme scope is gone
    expect(out.filter((l) => /^\.(chroma|bg)\b/.test(l))).toEqual([]);
  });
});
