import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CHROMIUM_FLOOR, FIREFOX_FLOOR } from './cli/compat/floor';

// Public half of the signing key: pins the Chrome extension id (mmcmafakagdiefbcljdlemiialmpkenc)
// whatever folder the build sits in, so e2e tests and the sync server's CORS rule can name it.
const CHROME_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmXJwxszxkZMK/fpIJUqmgwcJJBxWf7HGht2iK8sNXU0zMnm+L27UcuHiTs/HxwYRBZ6Cc5DMnW195Wm84lMYmyMKQlCyTfn17smbGCOQC/upPVsgmhOmgUGyrJzE+6u/AqF0dOS1GrNs0xNman3cFj2V+pldlkiwXnF24bV3MVEzhISJz9xmk+VQ4NonrIyOZ4uyIgVpQGBtYf53TtV8c4FkZSbVbfq3irxYiDlexp76gdVoc9GHris2CzZ1WK6WcwSxPs2g17QnkUHAzzTEgLEue+VqeeiYRXqNdB1apiiyXXXdN3rM6/Nm5CeS9J3G8dMrkcaGSdDchvVF05oOzQIDAQAB';

export default defineConfig({
  // Lets parallel builds (tests, benchmarks) write to separate folders.
  outDir: process.env.GSI_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // The syntax target is the floor the compatibility check (npm run compat) holds the bundles to: esbuild
  // lowers newer syntax (or fails the build on syntax it cannot lower) instead of shipping it.
  vite: ({ browser }) => ({
    plugins: [preact()],
    build: { target: browser === 'firefox' ? `firefox${FIREFOX_FLOOR}` : `chrome${CHROMIUM_FLOOR}` },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['storage', 'unlimitedStorage', 'tabs', 'activeTab', 'scripting', 'alarms', 'webRequest', 'contextMenus'],
    host_permissions: ['<all_urls>'],
    ...(browser === 'chrome' ? { key: CHROME_KEY, minimum_chrome_version: String(CHROMIUM_FLOOR) } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'gov-site-inspector@example.org', strict_min_version: `${FIREFOX_FLOOR}.0` } } }
      : {}),
  }),
});
