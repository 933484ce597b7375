import type { View } from '../backend/api';

/**
 * viewFromLocation picks the view: /console or #console → console; /stage or
 * #stage → stage; anything else (/) → the console in the desktop window (the
 * speaker's laptop; the stage goes to the projector with Present), the stage
 * in a browser.
 */
export function viewFromLocation(pathname: string, hash: string, desktop = false): View {
  if (hash.replace(/^#\/?/, '') === 'console') return 'console';
  if (hash.replace(/^#\/?/, '') === 'stage') return 'stage';
  const path = pathname.replace(/\/+$/, '');
  if (path.endsWith('/console')) return 'console';
  if (path.endsWith('/stage')) return 'stage';
  return desktop ? 'console' : 'stage';
}

/** logicalWidth is the stage's logical width: 960 (4:3) on squarish screens, else 1280 (16:9). */
export function logicalWidth(w: number, h: number): number {
  return h > 0 && w / h < 1.55 ? 960 : 1280;
}
