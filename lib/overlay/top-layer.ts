/**
 * A filter on the root element greys everything under it, what the extension draws too: on national mourning
 * days government sites set `html { filter: grayscale(1) }`, and outlines lost the colours that tell the rules
 * apart (the evidence mark's red came out grey in the screenshot). The top layer is painted outside the root's
 * filter, so there (and only there: elsewhere a page's `::backdrop` rule would dim the page) `host` goes, as a
 * manual popover; back out when the filter is gone. `host` must be in the page; its inline `!important` styles
 * override the popover's default box.
 */
export function escapeRootFilter(host: HTMLElement): void {
  const doc = host.ownerDocument;
  const root = doc.documentElement;
  const view = doc.defaultView;
  if (!root || !view || !host.isConnected) return;
  const filtered = view.getComputedStyle(root).filter !== 'none';
  try {
    const open = host.matches(':popover-open');
    if (filtered && !open) {
      host.setAttribute('popover', 'manual');
      host.showPopover();
    } else if (!filtered && host.hasAttribute('popover')) {
      if (open) host.hidePopover();
      host.removeAttribute('popover');
    }
  } catch {
    // A browser without popovers: what is drawn stays greyed, and is still drawn.
  }
}
