/**
 * Inline on the host, `!important`: an inline important declaration beats every page rule, including
 * `* { display: none !important }`, and `all: initial` drops whatever else the page sets on elements.
 */
export const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  inset: '0',
  width: 'auto',
  height: 'auto',
  margin: '0',
  padding: '0',
  border: '0',
  background: 'transparent',
  overflow: 'hidden',
  'pointer-events': 'none',
  'z-index': '2147483647',
  contain: 'strict',
  visibility: 'visible',
  opacity: '1',
  transform: 'none',
  filter: 'none',
};

/** The overlay's own sheet, inside its shadow root where page CSS cannot reach. */
export const OVERLAY_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  position: absolute; inset: 0; pointer-events: none;
  font: 13px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback", sans-serif;
  color: #202124; text-align: left; direction: ltr; letter-spacing: normal; word-spacing: normal;
}
.boxes { position: absolute; inset: 0; pointer-events: none; }
.box {
  position: absolute; left: 0; top: 0; pointer-events: none;
  border: 2px solid var(--c); border-radius: 2px;
  background: color-mix(in srgb, var(--c) 8%, transparent);
}
.box.marker { border-style: dashed; background: none; }
/* One badge per container, with the count: the page under it stays readable. */
.box.marker::after {
  content: attr(data-badge); position: absolute; right: -2px; top: -16px; padding: 0 5px;
  font-size: 11px; line-height: 14px; white-space: nowrap; color: #fff; background: var(--c); border-radius: 3px 3px 0 0;
}
.flash {
  position: absolute; left: 0; top: 0; pointer-events: none; display: none;
  border: 3px solid var(--c); border-radius: 4px;
  box-shadow: 0 0 0 4px color-mix(in srgb, var(--c) 35%, transparent);
  animation: gsi-flash 0.5s ease-in-out 4 alternate;
}
@keyframes gsi-flash { from { opacity: 1; } to { opacity: 0.15; } }
.tip {
  position: absolute; left: 0; top: 0; display: none; pointer-events: none;
  max-width: min(380px, calc(100vw - 8px)); padding: 8px 10px; border-radius: 6px;
  background: #202124; color: #fff; box-shadow: 0 2px 8px rgba(0,0,0,.3); font-size: 12px;
}
.tip .item + .item { margin-top: 8px; padding-top: 8px; border-top: 1px solid #5f6368; }
.tip .head { display: flex; gap: 6px; align-items: center; font-weight: 600; }
.tip .sev { font-weight: 400; color: #dadce0; }
.tip .label { margin-top: 2px; color: #e8eaed; overflow-wrap: anywhere; }
.tip .msg { margin-top: 2px; overflow-wrap: anywhere; }
.tip .href { margin-top: 2px; color: #aecbfa; font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.tip .note { margin-top: 4px; color: #fdd663; }
.tip .lines { margin: 4px 0 0; padding: 0; list-style: none; }
.tip .lines li { display: flex; gap: 6px; padding: 1px 0; overflow-wrap: anywhere; }
.tip .lines .dot { margin-top: 4px; }
.dot { display: inline-block; flex: none; width: 10px; height: 10px; border-radius: 2px; background: var(--c); }
.legend {
  position: absolute; right: 12px; bottom: 12px; width: 300px; max-height: min(60vh, 520px);
  display: flex; flex-direction: column; pointer-events: auto;
  background: #fff; border: 1px solid #dadce0; border-radius: 8px; box-shadow: 0 2px 10px rgba(60,64,67,.25);
}
.legend.pill { width: auto; }
.legend header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; border-bottom: 1px solid #e8eaed; }
.legend.pill header, .legend.collapsed header { border-bottom: 0; }
.legend .mark {
  flex: none; width: 20px; height: 20px; border-radius: 4px; background: #c62828; color: #fff;
  font-size: 12px; line-height: 20px; text-align: center; font-weight: 700;
}
.legend .title { font-weight: 600; }
.legend .sub { color: #5f6368; font-size: 12px; }
.legend .grow { flex: 1; min-width: 0; }
.legend .body { overflow: auto; padding: 4px 0 8px; }
.legend button {
  font: inherit; color: inherit; cursor: pointer; margin: 0;
  border: 1px solid #dadce0; border-radius: 4px; background: #fff; padding: 2px 8px;
}
.legend button:hover { background: #f1f3f4; }
.legend button:focus-visible, .legend summary:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
.legend .row {
  display: flex; align-items: center; gap: 8px; width: 100%; border: 0; border-radius: 0;
  padding: 4px 10px; text-align: left; background: none;
}
.legend .row .name { flex: 1; min-width: 0; }
.legend .row .count { font-variant-numeric: tabular-nums; font-weight: 600; }
.legend .row .review { flex: none; font-size: 11px; color: #5f6368; border: 1px dashed #9aa0a6; border-radius: 8px; padding: 0 6px; }
.legend .none { padding: 8px 10px; color: #188038; }
.legend .section { margin-top: 4px; padding: 4px 10px 0; border-top: 1px solid #e8eaed; }
.legend summary { cursor: pointer; padding: 2px 0; color: #3c4043; }
.legend ul { margin: 2px 0 0; padding: 0; list-style: none; }
.legend li { display: flex; gap: 6px; padding: 2px 0; font-size: 12px; overflow-wrap: anywhere; }
.legend li .dot { margin-top: 4px; }
.legend .hint { font-size: 12px; color: #5f6368; }
.legend .warn { padding: 2px 10px; font-size: 12px; color: #b06000; }
/* A printed page (the report, or any page the inspector prints) shows the page, not the overlay. */
@media print { .root { display: none !important; } }
`;
