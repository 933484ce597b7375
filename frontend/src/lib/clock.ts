/** clockOffset is how far the server clock is ahead of the local one, in ms. */
export function clockOffset(serverNow: string | undefined, localNow: number): number {
  if (!serverNow) return 0;
  const t = Date.parse(serverNow);
  return Number.isFinite(t) ? t - localNow : 0;
}

/** remainingMs is the time left until `until` on the server clock; null when there is no deadline. */
export function remainingMs(until: string | undefined, localNow: number, offset: number): number | null {
  if (!until) return null;
  const t = Date.parse(until);
  if (!Number.isFinite(t) || t <= 0) return null;
  return Math.max(0, t - (localNow + offset));
}

/** elapsedMs is the time since `since` on the server clock (0 before it or without it). */
export function elapsedMs(since: string | undefined, localNow: number, offset: number): number {
  if (!since) return 0;
  const t = Date.parse(since);
  if (!Number.isFinite(t) || t <= 0) return 0;
  return Math.max(0, localNow + offset - t);
}

/** formatClock shows ms as m:ss or h:mm:ss; a countdown rounds up so 0:00 means done. */
export function formatClock(ms: number, roundUp = false): string {
  const neg = ms < 0;
  const s = roundUp ? Math.ceil(Math.abs(ms) / 1000) : Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  return neg ? '−' + body : body;
}

/** urgency grades a countdown: calm, soon (≤10 s), done. */
export function urgency(ms: number | null): 'calm' | 'soon' | 'done' {
  if (ms === null) return 'calm';
  if (ms <= 0) return 'done';
  return ms <= 10_000 ? 'soon' : 'calm';
}

/** nanosToMs converts a Go time.Duration. */
export function nanosToMs(n: number | undefined): number {
  return n ? n / 1e6 : 0;
}
