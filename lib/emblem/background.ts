import { browser } from 'wxt/browser';
import { InspectImagesMessage, type InspectImagesResponse } from '../messages';
import type { EmblemReference } from '../rule-pack/pack';
import { loadRulePack, saveRulePack } from '../rule-pack/store';
import { createImageInspector } from './fetch';
import { addReference, makeReference } from './reference';

const MENU: Record<string, EmblemReference['label']> = {
  'emblem-reference-current': 'current',
  'emblem-reference-outdated': 'outdated',
};

/** What the CLI harness calls through Playwright's `worker.evaluate` (the worker cannot message itself). */
export interface EmblemWorkerApi {
  /** A reference from an image URL (a data: URL for a local file); not saved. */
  makeReference(url: string, label: EmblemReference['label'], name?: string): Promise<EmblemReference>;
  /** Make a reference and add it to the stored rule pack, as the context menu does. */
  addReference(url: string, label: EmblemReference['label'], name?: string): Promise<EmblemReference>;
}
export const EMBLEM_WORKER_API = 'gsiEmblem';

/**
 * The emblem side of the service worker: image facts for the content script's emblem rule, the context menu
 * "设为现行国徽参考图 / 设为旧版国徽参考图" on images, and the API the CLI uses for `--emblem`.
 */
export function setupEmblemBackground(): void {
  const images = createImageInspector();

  const reference = async (url: string, label: EmblemReference['label'], name?: string) =>
    makeReference(await images.decode(url), { label, name, source: url }, encodePng);
  const api: EmblemWorkerApi = {
    makeReference: reference,
    async addReference(url, label, name) {
      const ref = await reference(url, label, name);
      await saveRulePack(addReference(await loadRulePack(), ref), 'imported');
      return ref;
    },
  };
  (globalThis as Record<string, unknown>)[EMBLEM_WORKER_API] = api;

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = InspectImagesMessage.safeParse(raw);
    if (!msg.success) return undefined;
    return images.inspect(msg.data.urls).then((facts): InspectImagesResponse => ({ facts }));
  });

  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() => {
      browser.contextMenus.create({ id: 'emblem-reference-current', title: '设为现行国徽参考图', contexts: ['image'] });
      browser.contextMenus.create({ id: 'emblem-reference-outdated', title: '设为旧版国徽参考图', contexts: ['image'] });
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const label = MENU[String(info.menuItemId)];
    if (!label || !info.srcUrl) return;
    void api.addReference(info.srcUrl, label).then(
      (ref) => notify(tab?.id, `已将图片加入规则包：${ref.name}`),
      (error: Error) => notify(tab?.id, `未能加入国徽参考图：${error.message}`),
    );
  });
}

/** The result of a context-menu action, on the toolbar button's tooltip for that tab. */
function notify(tabId: number | undefined, text: string): void {
  if (tabId === undefined) return;
  void browser.action.setTitle({ tabId, title: text });
}

async function encodePng(rgba: Uint8ClampedArray, width: number, height: number): Promise<string> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('无法创建画布');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}
