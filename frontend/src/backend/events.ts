// Event names, mirrored from app/show/state.go (show.Event*).
export const EventState = 'state:changed';
export const EventTally = 'tally:updated';
export const EventMessage = 'message:stored';
export const EventHealth = 'source:health';
export const EventStory = 'story:reloaded';
export const EventTimings = 'rehearse:timing';
/** EventConnection is local to the frontend: the transport's link went up or down. */
export const EventConnection = 'connection:changed';
/** EventStageWindow is the desktop window's own (app/desktop/stage.go): the stage window came up or went away. */
export const EventStageWindow = 'stage:window';

export const serverEvents = [EventState, EventTally, EventMessage, EventHealth, EventStory, EventTimings] as const;
export type EventName = (typeof serverEvents)[number] | typeof EventConnection | typeof EventStageWindow;
