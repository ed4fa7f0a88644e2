/**
 * The lowest browsers the extension supports, one number each: the manifest's minimum_chrome_version, the
 * build's syntax target and the compatibility check (npm run compat) all read them from here, so the floor
 * declared to the browser is the floor the bundles were checked against.
 *
 * Chromium 88 is Manifest V3's own floor. The check found nothing above it in the bundles that is not
 * feature-detected (storage.session, Chromium 102, falls back to storage.local: lib/store/session-area.ts).
 */
export const CHROMIUM_FLOOR = 88;
/** Firefox 115 ESR: the oldest Firefox with the MV2 APIs the Firefox build uses and still supported. */
export const FIREFOX_FLOOR = 115;
