// Mirrors of the Go JSON documents (app/show/state.go, app/story/types.go,
// app/vote/vote.go, app/web StoryDoc). Durations are Go time.Duration:
// integer nanoseconds. Times are RFC 3339 strings.

export type Nanos = number;

export interface Health {
  source: string;
  kind: string;
  state: 'ok' | 'connecting' | 'degraded' | 'down' | 'stopped' | string;
  detail: string;
  lastText?: string;
  received: number;
  metrics?: Record<string, string>;
}

export interface SessionInfo {
  id: number;
  mode: 'live' | 'rehearsal' | string;
  startedAt: string;
  resumed: boolean;
}

export interface StoryInfo {
  title: string;
  hash: string;
  number: string;
  slot: Nanos;
}

export interface NextInfo {
  scene: string;
  slide: number;
  end: boolean;
}

export interface PathStep {
  scene: string;
  at: string;
  choice?: number;
  by?: string;
}

export interface ChoiceTally {
  number: number;
  label: string;
  keywords?: string[];
  target: string;
  count: number;
  percent: number;
}

export interface RatingStats {
  histogram: number[];
  count: number;
  mean: number;
  median: number;
  nps: number;
}

export type PollPhase = 'ready' | 'open' | 'closed' | 'decided';

export interface PollState {
  id: number;
  scene: string;
  kind: 'fork' | 'rating';
  state: PollPhase;
  number: string;
  choices: ChoiceTally[] | null;
  total: number;
  invalid: number;
  openedAt?: string;
  closesAt?: string;
  closedAt?: string;
  timer: Nanos;
  policy: string;
  ties: string;
  hideResults: boolean;
  winner?: number;
  tie?: number[];
  decidedBy?: string;
  override?: string;
  rating?: RatingStats;
}

export interface State {
  session: SessionInfo;
  story: StoryInfo;
  scene: string;
  slide: number;
  slides: number;
  atFork: boolean;
  atEnd: boolean;
  next: NextInfo | null;
  poll: PollState | null;
  blank: boolean;
  path: PathStep[] | null;
  sources: Health[] | null;
  now: string;
  startedAt: string;
  version: number;
}

export interface Tally {
  poll: number;
  choices: ChoiceTally[] | null;
  total: number;
  invalid: number;
  rating?: RatingStats;
  seq: number;
  at: string;
}

export interface InboxEntry {
  id: number;
  source: string;
  sender: string;
  text: string;
  receivedAt: string;
  storedAt: string;
  poll?: number;
  result: string;
  choice?: number;
  reason?: string;
}

export interface StoryStatus {
  file: string;
  hash: string;
  loaded: string;
  problems?: string[];
  ok: boolean;
}

export interface Slide {
  index: number;
  html: string;
  notes?: string;
  notesHtml?: string;
  words: number;
}

export interface Choice {
  number: number;
  label: string;
  target: string;
  keywords?: string[];
}

export interface VoteOptions {
  number: string;
  timer: Nanos;
  policy: string;
  ties: string;
  open: string;
  hideResults: boolean;
  grace: Nanos;
  /** letters: a lone letter A, B, C... votes for choice 1, 2, 3. */
  letters?: boolean;
}

/** Audio is story.Audio: a poll's sound cues (bundled name or asset URL; empty = none). */
export interface Audio {
  open?: string;
  tenSeconds?: string;
  winner?: string;
  volume: number;
}

export interface Scene {
  id: string;
  tags?: string[];
  vote: VoteOptions;
  audio?: Audio | null;
  slides: Slide[];
  next?: string;
  fork?: { choices: Choice[] };
  rating?: { min: number; max: number; reply?: string };
}

export interface Story {
  file: string;
  hash: string;
  title: string;
  authors?: string[];
  start: string;
  slot: Nanos;
  wpm: number;
  theme?: string;
  vote: VoteOptions;
  /** languages whose number words votes may use (empty: English). */
  languages?: string[] | null;
  audio?: Audio | null;
  /** safeArea is the stage margin the story asks for, percent of each side. */
  safeArea?: number;
  scenes: Scene[];
}

/** StoryDoc is web.StoryDoc: the story, its graph (story.GraphData) and the code CSS. */
export interface StoryDoc {
  story: Story;
  graph?: unknown;
  css?: string;
}

/** ApiError is what every failed call rejects with. */
export interface ApiError {
  code: string;
  message: string;
}

// Rehearsal documents (app/show/rehearse: timing.go, walk.go). Durations in
// these are milliseconds (their fields end in Ms).

export interface SlideTiming {
  scene: string;
  slide: number;
  words: number;
  poll: boolean;
  samples: number;
  recordedMs: number;
  estimateMs: number;
  ms: number;
  source: 'recorded' | 'estimate' | string;
}

export interface PathTiming {
  scenes: string[];
  choices: number[];
  ending: string;
  slides: number;
  recordedSlides: number;
  ms: number;
  recordedMs: number;
  estimatedMs: number;
  overMs: number;
  overrun: boolean;
}

export type Verdict = 'overruns' | 'may-overrun' | 'fits' | 'no-path' | 'no-slot';

export interface BranchTiming {
  scene: string;
  choice: number;
  label: string;
  target: string;
  paths: number;
  overrunPaths: number;
  minMs: number;
  maxMs: number;
  verdict: Verdict | string;
}

/** TimingReport is rehearse.Report: every path of the talk timed against the slot. */
export interface TimingReport {
  title: string;
  hash: string;
  slotMs: number;
  wpm: number;
  perSlideMs: number;
  pollMs: number;
  sessions: number[] | null;
  recordedSlides: number;
  totalSlides: number;
  slides: SlideTiming[] | null;
  paths: PathTiming[] | null;
  pathsTruncated: boolean;
  shortest: number;
  longest: number;
  branches: BranchTiming[] | null;
}

export interface BranchCoverage {
  scene: string;
  choice: number;
  label: string;
  target: string;
  taken: number;
  byVote: number;
}

export interface WalkPoll {
  id: number;
  scene: string;
  kind: string;
  counts: Record<string, number> | null;
  total: number;
  invalid: number;
  wanted?: number;
  winner?: number;
  decidedBy?: string;
}

export interface WalkRun {
  session: number;
  scenes: string[] | null;
  polls: WalkPoll[] | null;
}

/** Coverage is rehearse.Coverage: what a walk of every branch reached. */
export interface Coverage {
  title: string;
  hash: string;
  choices: number;
  covered: number;
  percent: number;
  scenes: number;
  visited: number;
  unreached: string[] | null;
  branches: BranchCoverage[] | null;
  runs: WalkRun[] | null;
  texts: number;
  problems: string[] | null;
}

/** Display is app.Display: a screen the desktop window can go full screen on. */
export interface Display {
  index: number;
  width: number;
  height: number;
  primary: boolean;
  current: boolean;
}
