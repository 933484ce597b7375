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

/** TalkClock is the part of the state that carries the talk clock. */
export interface TalkClock {
  clock?: number; // elapsed ns as of `now`
  clockState?: string; // 'idle' | 'running' | 'stopped'
  now?: string; // the server's time when the state was made
}

/**
 * talkMs reads the talk clock: the elapsed time the server sent, plus the time
 * since the state was made while the clock is running. The server keeps
 * elapsed time (not a start time), so a paused or stopped clock stays put.
 */
export function talkMs(st: TalkClock | null | undefined, localNow: number, offset: number): number {
  if (!st) return 0;
  const base = nanosToMs(st.clock);
  if (st.clockState !== 'running') return base;
  return base + elapsedMs(st.now, localNow, offset);
}

/** slotWarnMs is when the slot clock turns amber: 10 % of the slot or 5 minutes left, whichever is smaller. */
export function slotWarnMs(slotMs: number): number {
  return Math.min(slotMs * 0.1, 5 * 60_000);
}

/** slotLevel grades the time left in the slot: calm, soon (amber), over (red). */
export function slotLevel(leftMs: number, slotMs: number): 'calm' | 'soon' | 'over' {
  if (leftMs < 0) return 'over';
  return leftMs <= slotWarnMs(slotMs) ? 'soon' : 'calm';
}
