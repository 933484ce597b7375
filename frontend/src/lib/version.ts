// The build's version, for the Help overlay. The app serves it beside
// index.html as /version.json ({"version": "..."}, app/cli/version_asset.go)
// in the desktop window and in a browser alike.

/** versionURL is where the app serves the build's version. */
export const versionURL = '/version.json';

/**
 * loadVersion reads the build's version. It answers null, never throws,
 * when the file is missing (the Vite dev server), unreadable or not of the
 * expected shape.
 */
export async function loadVersion(fetchFn: typeof fetch = fetch): Promise<string | null> {
  try {
    const r = await fetchFn(versionURL, { cache: 'no-store' });
    if (!r.ok) return null;
    const body: unknown = await r.json();
    if (body && typeof body === 'object' && 'version' in body && typeof body.version === 'string' && body.version !== '') {
      return body.version;
    }
  } catch {
    // no server behind the page, or not JSON: show no version
  }
  return null;
}
