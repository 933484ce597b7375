/** TOKEN_KEY is where the control token is kept for the tab's lifetime. */
export const TOKEN_KEY = 'forkcast.token';

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * takeToken reads ?token= from href, keeps it in store, and returns the token
 * (from the URL or, failing that, from store) and the URL to show in the
 * address bar without it (null when the URL had no token).
 */
export function takeToken(href: string, store: TokenStore | null): { token: string; cleanURL: string | null } {
  const url = new URL(href);
  const fromURL = url.searchParams.get('token');
  if (fromURL) {
    try {
      store?.setItem(TOKEN_KEY, fromURL);
    } catch {
      /* storage may be disabled; the token lives in memory then */
    }
    url.searchParams.delete('token');
    return { token: fromURL, cleanURL: url.pathname + url.search + url.hash };
  }
  let kept: string | null = null;
  try {
    kept = store?.getItem(TOKEN_KEY) ?? null;
  } catch {
    kept = null;
  }
  return { token: kept ?? '', cleanURL: null };
}

/** withToken returns url with ?token= added (for links to another display or a phone). */
export function withToken(url: string, token: string): string {
  if (!token) return url;
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}
