/** Action is what a key press asks for. */
export type Action =
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'follow' }
  | { type: 'pick'; choice: number }
  | { type: 'blank' }
  | { type: 'exitFullscreen' }
  | { type: 'fullscreen' }
  | { type: 'help' }
  | { type: 'view' }
  | { type: 'contrast' }
  | { type: 'results' }
  | { type: 'tools' }
  | { type: 'mute' }
  | { type: 'volume'; step: number }
  | { type: 'largeText' }
  | { type: 'pattern' }
  | { type: 'safeArea'; step: number }
  | { type: 'display'; index: number }
  | { type: 'present' }
  | { type: 'wrapUp' }
  | { type: 'startClock' }
  | { type: 'resetClock' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** KeyHelp is one line of the `?` overlay. */
export interface KeyHelp {
  keys: string[];
  what: string;
}

/** keyHelp lists every binding of keyAction, in the order the overlay shows them. */
export const keyHelp: KeyHelp[] = [
  { keys: ['PgDn', '→', '↓', 'Space', 'Enter'], what: 'Next: the next slide; at a fork, open the poll, then close it (press twice), then follow the winner; at the end, the end screen. Shows a blanked stage again.' },
  { keys: ['PgUp', '←', '↑', 'Backspace'], what: 'Back (follows the path taken). Shows a blanked stage again.' },
  { keys: ['O'], what: 'Open the poll at a fork' },
  { keys: ['C'], what: 'Close the poll (one press)' },
  { keys: ['1', '…', '9'], what: 'Pick a choice: break a tie or override (asks why; one press in a rehearsal)' },
  { keys: ['B', '.'], what: 'Blank the stage / show it again' },
  { keys: ['R'], what: 'Hide or show live results on this screen' },
  { keys: ['F', 'F5'], what: 'Full screen (the display is chosen below, in the desktop app)' },
  { keys: ['Esc'], what: 'Leave full screen, close a dialog' },
  { keys: ['S'], what: 'Present: the stage full screen on the other display, in a window of its own; S again closes it (desktop app; the console stays here)' },
  { keys: ['V'], what: 'Switch stage / console' },
  { keys: ['H'], what: 'High-contrast theme' },
  { keys: ['L'], what: 'Large text, for big rooms' },
  { keys: ['M'], what: 'Mute or unmute the sound cues (stage)' },
  { keys: ['+', '−'], what: 'Sound cue volume (stage)' },
  { keys: ['P'], what: 'Test pattern: the stage’s edges, safe area and colours' },
  { keys: ['[', ']'], what: 'Shrink or grow the safe area (projector crops the edges)' },
  { keys: ['W'], what: 'Wrap up: leave this fork by its exit now (a fork that names one; the console proposes it when time runs short)' },
  { keys: ['K'], what: 'Start the talk clock (it also starts at the first Next; stops at the end screen)' },
  { keys: ['Z'], what: 'Reset the talk clock to 0:00 (press twice while it runs)' },
  { keys: ['T'], what: 'Rehearsal tools: path timing, walk every branch, reset (console)' },
  { keys: ['?'], what: 'Show these keys' },
];

/**
 * keyAction maps a key press to an action, or null to let the browser have it.
 * Presentation clickers (Logitech R400/R500/Spotlight and most others) send
 * PageDown and PageUp for next and back, "." or "b" for the blank button, and
 * F5 and Escape, in turn, from the "start presentation" button.
 */
export function keyAction(e: KeyLike): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
    case ' ':
    case 'Spacebar':
      return { type: 'next' };
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return { type: 'prev' };
    case 'Enter':
      return { type: 'follow' };
    case 'Escape':
      return { type: 'exitFullscreen' };
    case 'F5':
      return { type: 'fullscreen' };
    case '?':
      return { type: 'help' };
    case '.':
      return { type: 'blank' };
    case '+':
    case '=':
      return { type: 'volume', step: 0.1 };
    case '-':
    case '_':
      return { type: 'volume', step: -0.1 };
    case '[':
      return { type: 'safeArea', step: -1 };
    case ']':
      return { type: 'safeArea', step: 1 };
  }
  if (/^[1-9]$/.test(e.key)) return { type: 'pick', choice: Number(e.key) };
  switch (e.key.toLowerCase()) {
    case 'o':
      return { type: 'open' };
    case 'c':
      return { type: 'close' };
    case 'b':
      return { type: 'blank' };
    case 'f':
      return { type: 'fullscreen' };
    case 'v':
      return { type: 'view' };
    case 'h':
      return { type: 'contrast' };
    case 'r':
      return { type: 'results' };
    case 't':
      return { type: 'tools' };
    case 'k':
      return { type: 'startClock' };
    case 'z':
      return { type: 'resetClock' };
    case 'm':
      return { type: 'mute' };
    case 'l':
      return { type: 'largeText' };
    case 'p':
      return { type: 'pattern' };
    case 's':
      return { type: 'present' };
    case 'w':
      return { type: 'wrapUp' };
  }
  return null;
}

/** TypingTarget is the part of an element isTyping reads. */
export interface TypingTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
}

// Input types that take no typed text: keys on them drive the show.
const untyped = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** isTyping reports whether keys on t are text being typed (a text field, a text area, editable content). */
export function isTyping(t: TypingTarget): boolean {
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
  return t.tagName === 'INPUT' && !untyped.has((t.type ?? 'text').toLowerCase());
}

/**
 * leavesField says what a key does in a text field: 'blur' (Escape leaves the
 * field, nothing else), 'act' (a clicker's PageDown/PageUp/F5 leave the field
 * and do their show action), or null (the key is typing).
 */
export function leavesField(key: string): 'blur' | 'act' | null {
  switch (key) {
    case 'Escape':
      return 'blur';
    case 'PageDown':
    case 'PageUp':
    case 'F5':
      return 'act';
  }
  return null;
}
