import { describe, expect, it } from 'vitest';
import { clockOffset, elapsedMs, formatClock, nanosToMs, remainingMs, slotLevel, slotWarnMs, talkMs, urgency } from './clock';

describe('countdown', () => {
  const server = Date.parse('2026-05-01T10:00:00Z');
  it('measures the server clock offset', () => {
    expect(clockOffset('2026-05-01T10:00:00Z', server - 2500)).toBe(2500);
    expect(clockOffset(undefined, 5)).toBe(0);
    expect(clockOffset('garbage', 5)).toBe(0);
  });
  it('counts down on the server clock, never below zero', () => {
    const offset = 2500; // server is 2.5 s ahead
    const local = server - offset;
    expect(remainingMs('2026-05-01T10:01:00Z', local, offset)).toBe(60_000);
    expect(remainingMs('2026-05-01T09:59:00Z', local, offset)).toBe(0);
    expect(remainingMs(undefined, local, offset)).toBeNull();
    expect(remainingMs('0001-01-01T00:00:00Z', local, offset)).toBeNull();
  });
  it('counts the talk clock up', () => {
    expect(elapsedMs('2026-05-01T09:58:30Z', server, 0)).toBe(90_000);
    expect(elapsedMs(undefined, server, 0)).toBe(0);
  });
  it('formats m:ss and h:mm:ss, rounding a countdown up', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(59_999)).toBe('0:59');
    expect(formatClock(59_001, true)).toBe('1:00');
    expect(formatClock(61_000)).toBe('1:01');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5_000)).toBe('−0:05');
  });
  it('grades urgency', () => {
    expect(urgency(null)).toBe('calm');
    expect(urgency(30_000)).toBe('calm');
    expect(urgency(10_000)).toBe('soon');
    expect(urgency(0)).toBe('done');
  });
  it('converts Go durations', () => {
    expect(nanosToMs(60_000_000_000)).toBe(60_000);
    expect(nanosToMs(undefined)).toBe(0);
  });
});

describe('talk clock', () => {
  const server = Date.parse('2026-05-01T10:00:00Z');
  const now = '2026-05-01T10:00:00Z';
  it('counts on from the elapsed time only while running', () => {
    const st = { clock: 90e9, clockState: 'running', now };
    expect(talkMs(st, server, 0)).toBe(90_000);
    expect(talkMs(st, server + 5_000, 0)).toBe(95_000);
    // a local clock 2 s behind the server's
    expect(talkMs(st, server + 3_000, 2_000)).toBe(95_000);
  });
  it('stands still when idle or stopped, whatever the wall clock says', () => {
    expect(talkMs({ clock: 0, clockState: 'idle', now }, server + 3_600_000, 0)).toBe(0);
    expect(talkMs({ clock: 180e9, clockState: 'stopped', now }, server + 3_600_000, 0)).toBe(180_000);
    expect(talkMs(null, server, 0)).toBe(0);
  });
  it('warns at 10 % of the slot or 5 minutes, whichever is smaller', () => {
    expect(slotWarnMs(5 * 60_000)).toBe(30_000); // a lightning talk: 30 s
    expect(slotWarnMs(30 * 60_000)).toBe(3 * 60_000);
    expect(slotWarnMs(90 * 60_000)).toBe(5 * 60_000);
    const lightning = 5 * 60_000;
    expect(slotLevel(lightning, lightning)).toBe('calm'); // its first second is not amber
    expect(slotLevel(31_000, lightning)).toBe('calm');
    expect(slotLevel(30_000, lightning)).toBe('soon');
    expect(slotLevel(0, lightning)).toBe('soon');
    expect(slotLevel(-1, lightning)).toBe('over');
    expect(slotLevel(4 * 60_000, 45 * 60_000)).toBe('soon');
    expect(slotLevel(6 * 60_000, 45 * 60_000)).toBe('calm');
  });
});
