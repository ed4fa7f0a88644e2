import { BackgroundMessage } from '@/lib/messages';
import { createProber } from '@/lib/links/prober';

export default defineBackground(() => {
  const prober = createProber();

  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const parsed = BackgroundMessage.safeParse(raw);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    switch (msg.type) {
      case 'probe-links':
        return prober.probe(msg.urls).then((results) => ({ results }));
      case 'scan-summary': {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return undefined;
        const text = msg.phase === 'done' || msg.total > 0 ? String(msg.total) : '…';
        void browser.action.setBadgeText({ tabId, text });
        void browser.action.setBadgeBackgroundColor({ tabId, color: msg.total > 0 ? '#d93025' : '#188038' });
        return undefined;
      }
    }
  });
});
