// The Go JSON documents the frontend reads. Every type that `make bindings`
// generates a model for (frontend/wailsjs/go/models.ts, from what the desktop
// facade returns) is derived from that model: Data strips the generated
// classes' helpers, Nullable marks what arrives as null (a nil Go slice or
// pointer, which the generator types as optional or non-null), and a few
// fields are narrowed (a phase as a union, times as RFC 3339 strings where
// the generator says any). So a change in Go shows up here through
// `make bindings-check`. Written by hand: the event payloads no bound method
// returns (Tally, StoryStatus) and ApiError. Durations are Go time.Duration:
// integer nanoseconds.

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

/** PollState is show.PollState with its phase as a union, its times as
 * strings and its nil choices as null. */
export type PollState = Nullable<
  Omit<Data<show.PollState>, 'kind' | 'state' | 'openedAt' | 'closesAt' | 'closedAt'> & {
    kind: 'fork' | 'rating';
    state: PollPhase;
    openedAt?: string;
    closesAt?: string;
    closedAt?: string;
  },
  'choices'
>;

/** State is show.State with its nil pointers (next, poll) and slices as
 * null, its times as strings, and the documents above inside. */
export type State = Nullable<
  Omit<Data<show.State>, 'next' | 'poll' | 'path' | 'sources' | 'now' | 'startedAt'> & {
    next: NextInfo;
    poll: PollState;
    path: PathStep[];
    sources: Health[];
    now: string;
    startedAt: string;
  },
  'next' | 'poll' | 'path' | 'sources'
>;

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

/** Audio is story.Audio: a poll's sound cues (bundled name or asset URL; empty = none). */
export type Audio = Data<story.Audio>;

export type VoteOptions = Data<story.VoteOptions>;

export type Scene = Pick<Data<story.Scene>, 'id' | 'tags' | 'next'> & {
  vote: VoteOptions;
  audio?: Audio | null;
  slides: Slide[];
  fork?: { choices: Choice[] };
  rating?: Pick<Data<story.Rating>, 'min' | 'max' | 'reply'>;
};

export type Story = Pick<Data<story.Story>, 'file' | 'hash' | 'title' | 'authors' | 'credits' | 'start' | 'slot' | 'wpm' | 'theme'> & {
  vote: VoteOptions;
  /** languages whose number words votes may use (empty: English). */
  languages?: string[] | null;
  audio?: Audio | null;
  /** safeArea is the stage margin the story asks for, percent of each side. */
  safeArea?: number;
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
export type TimingReport = Omit<Nullable<Data<rehearse.Report>, 'sessions' | 'slides' | 'paths' | 'branches'>, 'hubs'> & {
  /** hubs times the hubs of a talk with loops (absent from older servers). */
  hubs?: Data<rehearse.HubTiming>[] | null;
};

export type BranchCoverage = Data<rehearse.BranchCoverage>;

export type WalkPoll = Nullable<Data<rehearse.PollResult>, 'counts'>;

export type WalkRun = Nullable<Omit<Data<rehearse.WalkRun>, 'polls'> & { polls: WalkPoll[] }, 'scenes' | 'polls'>;

/** Coverage is rehearse.Coverage: what a walk of every branch reached. */
export type Coverage = Nullable<Omit<Data<rehearse.Coverage>, 'runs'> & { runs: WalkRun[] }, 'unreached' | 'branches' | 'runs' | 'problems'>;

/** Display is desktop.Display: a screen the desktop window can go full screen on. */
export type Display = Data<desktop.Display>;

/** Links is desktop.Links: the stage and console links with the token, and why they changed. */
export type Links = Data<desktop.Links>;

/** LAN is desktop.LAN: the local server's LAN mode for the phone remote. */
export type LAN = Nullable<Data<desktop.LAN>, 'urls'>;

/** Presented is desktop.Presented: where Present put the stage. */
export type Presented = Data<desktop.Presented>;
/** StageWindow is desktop.StageWindow: whether the native stage window is up, and on which display. */
export type StageWindow = Data<desktop.StageWindow>;
/** ChoiceFinish is rehearse.ChoiceFinish: the least time from a fork's choice to an ending. */
export interface ChoiceFinish {
  choice: number;
  target: string;
  ms: number; // -1: no way to an ending through it
  fits: boolean;
}

/** ForkFinish is rehearse.ForkFinish (GET /api/finish): a fork's choices against the time left. */
export interface ForkFinish {
  scene: string;
  leftMs: number; // -1: the story sets no slot
  choices: ChoiceFinish[] | null;
  exit?: string;
  exitMs: number;
  proposeExit: boolean;
  spokesFit: number; // -1: not a hub, or no slot
}

/** Published is web.Published: where POST /api/publish wrote the site and its report (paths on the show's machine). */
export interface Published {
  site: string;
  report: string;
  files: number;
}
