import type { Display } from '../backend/types';

/** displayLabel names a display for the picker: "display 2 (1920×1080, this window)". */
export function displayLabel(d: Display): string {
  const notes = [`${d.width}×${d.height}`];
  if (d.primary) notes.push('primary');
  if (d.current) notes.push('this window');
  return `display ${d.index + 1} (${notes.join(', ')})`;
}
