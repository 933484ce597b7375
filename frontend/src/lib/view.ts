import type { View } from '../backend/api';

/** viewFromLocation picks the view: /console or #console → console; anything else (/, /stage) → stage. */
export function viewFromLocation(pathname: string, hash: string): View {
  if (hash.replace(/^#\/?/, '') === 'console') return 'console';
  if (hash.replace(/^#\/?/, '') === 'stage') return 'stage';
  return pathname.replace(/\/+$/, '').endsWith('/console') ? 'console' : 'stage';
}

/** logicalWidth is the stage's logical width: 960 (4:3) on squarish screens, else 1280 (16:9). */
export function logicalWidth(w: number, h: number): number {
  return h > 0 && w / h < 1.55 ? 960 : 1280;
}
