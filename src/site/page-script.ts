import { createHash } from 'node:crypto';

/**
 * The only JavaScript on the site (progressive: every page is complete without it):
 * - re-renders <time data-local> in the reader's own time zone and keeps <time data-rel> ("12 minutes ago") current;
 * - polls this site's status JSON and, when it is newer than the page, shows "Updated — reload" once (never reloads by itself);
 * - opens collapsed details before printing.
 * Kept here as text so the Content-Security-Policy can allow exactly it, by its hash.
 */
export const PAGE_SCRIPT = `
(() => {
  const d = document, h = d.documentElement, lang = h.lang;
  const local = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const units = [['year', 31536e6], ['month', 2592e6], ['week', 6048e5], ['day', 864e5], ['hour', 36e5], ['minute', 6e4], ['second', 1e3]];
  const rel = (ms) => {
    const diff = ms - Date.now(), abs = Math.abs(diff);
    for (const [u, s] of units) if (abs >= s || u === 'second') return rtf.format(Math.round(diff / s), u);
  };
  const tick = () => d.querySelectorAll('time[data-rel]').forEach((e) => { e.textContent = rel(Date.parse(e.dateTime)); });
  d.querySelectorAll('time[data-local]').forEach((e) => { e.textContent = local.format(new Date(e.dateTime)); });
  tick();
  setInterval(tick, 6e4);
  const url = h.dataset.statusUrl, baked = Number(h.dataset.updated), bar = d.getElementById('fresh');
  let done = false;
  const poll = async () => {
    if (done || d.hidden || !url || !bar) return;
    try {
      const r = await fetch(url, { cache: 'no-store' });
      if (!r.ok) return;
      const j = await r.json();
      const at = Date.parse(j && j.page && j.page.updated_at);
      if (at > baked) { done = true; bar.hidden = false; }
    } catch { /* offline or the site is being deployed: try again later */ }
  };
  setInterval(poll, 6e4);
  d.addEventListener('visibilitychange', poll);
  addEventListener('beforeprint', () => d.querySelectorAll('details').forEach((e) => { e.open = true; }));
})();
`;

/** `sha256-…` of the script as the page carries it (CSP Level 2 hash source). */
export const PAGE_SCRIPT_HASH: `sha256-${string}` = `sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}`;
