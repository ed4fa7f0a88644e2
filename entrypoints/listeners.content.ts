import { recordListeners } from '@/lib/dom/listeners';

// Runs in the page's own world before its scripts, so the scan can tell a link or a trigger the page
// listens on (lib/dom/listeners.ts) from one that does nothing.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  world: 'MAIN',
  allFrames: true,
  main() {
    recordListeners(window);
  },
});
