/**
 * linksChanged counts the times the local server's links changed under the
 * console: the LAN toggle restarted it (maybe on another port, maybe with a
 * stronger token) or New token replaced the token. The Screens panel and the
 * phone remote each show links, so each reloads its own when the other
 * changes them (a stale link would send the speaker to a dead port).
 */
export const linksChanged = $state({ count: 0 });
