import type { Health } from '../backend/types';

/** delivering says whether any vote source can bring texts in now (ok or degraded). */
export function delivering(sources: readonly Health[] | null | undefined): boolean {
  return (sources ?? []).some((h) => h.state === 'ok' || h.state === 'degraded');
}

/**
 * noSourceAlarm is the console's red banner when no source is delivering,
 * or null when texts can come in. Every poll opened then waits for texts
 * that cannot arrive, so the speaker must see it before opening one.
 */
export function noSourceAlarm(sources: readonly Health[] | null | undefined): string | null {
  const list = sources ?? [];
  if (delivering(list)) return null;
  if (list.length === 0) return 'No vote source is running: no text can reach the polls. Restart with --source (modem, relay, android or replay).';
  const what = list.map((h) => `${h.source} ${h.state}`).join(', ');
  return `No vote source is delivering (${what}): texts sent now will not be counted.`;
}
