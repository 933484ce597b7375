// The Go JSON documents the frontend reads. Where `make bindings` generates a
// model (frontend/wailsjs/go/models.ts, from the types the desktop facade
// returns), the type here is that model as plain data (Data strips the
// generated classes' helpers): one source of truth, checked by
// `make bindings-check`. The rest are written by hand, each saying why:
// event payloads the facade never returns (Tally, StoryStatus), and the
// state documents whose nil pointers and slices arrive as null, which the
// generator types as optional or non-null. Durations are Go time.Duration:
// integer nanoseconds; times are RFC 3339 strings (the generator types them
// any).

import type { desktop, rehearse, show, story, vote } from '../../wailsjs/go/models';

/** Data is a generated model as the JSON it describes: fields only, nested. */
export type Data<T> = 0 extends 1 & T
  ? T // any (a time.Time) stays any
  : T extends (infer U)[]
    ? Data<U>[]
    : T extends object
      ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Data<T[K]> }
      : T;

/** Nullable marks the fields K of T that may arrive as null (a nil Go slice,
 * map or pointer), which the generated models do not say. */
export type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

export type Nanos = number;

export type Health = Data<vote.Health>;

export type SessionInfo = Data<show.SessionInfo>;

export type StoryInfo = Data<show.StoryInfo>;

export type NextInfo = Data<show.NextInfo>;

export type PathStep = Data<show.PathStep>;

export type ChoiceTally = Data<show.ChoiceTally>;

export type RatingStats = Data<show.RatingStats>;

export type PollPhase = 'ready' | 'open' | 'closed' | 'decided';

/** PollState is show.PollState, by hand: its phases are a union and its
 * nil choices arrive as null. */
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

/** State is show.State, by hand: its nil pointers (next, poll) and slices
 * arrive as null, which the generator types as optional or non-null. */
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

/** Tally is show.Tally, the payload of tally events (no bound method
 * returns it, so no model is generated). */
export interface Tally {
  poll: number;
  choices: ChoiceTally[] | null;
  total: number;
  invalid: number;
  rating?: RatingStats;
  seq: number;
  at: string;
}

export type InboxEntry = Data<show.InboxEntry>;

/** StoryStatus is show.StoryStatus, the payload of story:reloaded events. */
export interface StoryStatus {
  file: string;
  hash: string;
  loaded: string;
  problems?: string[];
  ok: boolean;
}

// The story as the frontend reads it: the generated models' fields, only
// those the frontend uses (so tests can build a story by hand).

export type Slide = Pick<Data<story.Slide>, 'index' | 'html' | 'notes' | 'notesHtml' | 'words'>;

export type Choice = Pick<Data<story.Choice>, 'number' | 'label' | 'target' | 'keywords'>;

export type VoteOptions = Data<story.VoteOptions>;

export type Scene = Pick<Data<story.Scene>, 'id' | 'tags' | 'next'> & {
  vote: VoteOptions;
  slides: Slide[];
  fork?: { choices: Choice[] };
  rating?: Pick<Data<story.Rating>, 'min' | 'max' | 'reply'>;
};

export type Story = Pick<Data<story.Story>, 'file' | 'hash' | 'title' | 'authors' | 'start' | 'slot' | 'wpm' | 'theme'> & {
  vote: VoteOptions;
  scenes: Scene[];
};

/** StoryDoc is show.StoryDoc: the story, its graph (story.GraphData) and the code CSS. */
export type StoryDoc = { story: Story } & Partial<Pick<Data<show.StoryDoc>, 'graph' | 'css'>>;

/** ApiError is what every failed call rejects with. */
export interface ApiError {
  code: string;
  message: string;
}

// Rehearsal documents (app/rehearse: timing.go, walk.go). Durations in
// these are milliseconds (their fields end in Ms).

export type SlideTiming = Data<rehearse.SlideTiming>;

export type PathTiming = Data<rehearse.PathTiming>;

export type Verdict = 'overruns' | 'may-overrun' | 'fits' | 'no-path' | 'no-slot';

export type BranchTiming = Data<rehearse.BranchTiming>;

/** TimingReport is rehearse.Report: every path of the talk timed against the slot. */
export type TimingReport = Nullable<Data<rehearse.Report>, 'sessions' | 'slides' | 'paths' | 'branches'>;

export type BranchCoverage = Data<rehearse.BranchCoverage>;

export type WalkPoll = Nullable<Data<rehearse.PollResult>, 'counts'>;

export type WalkRun = Nullable<Omit<Data<rehearse.WalkRun>, 'polls'> & { polls: WalkPoll[] }, 'scenes' | 'polls'>;

/** Coverage is rehearse.Coverage: what a walk of every branch reached. */
export type Coverage = Nullable<Omit<Data<rehearse.Coverage>, 'runs'> & { runs: WalkRun[] }, 'unreached' | 'branches' | 'runs' | 'problems'>;

/** Display is desktop.Display: a screen the desktop window can go full screen on. */
export type Display = Data<desktop.Display>;
