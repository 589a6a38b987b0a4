// @ts-check
/**
 * <kabar-status>: the live status of this site, inside another site or app.
 *
 * Plain JavaScript in shadow DOM, no dependencies, under 2 KB gzipped (test/browser/embed):
 * it reads only this site's own api/v2/summary.json, found next to the script itself, so the
 * product embedding it talks to no third party. Its style sheet is a constructed one (not a
 * <style> element), so a host page's strict Content-Security-Policy needs no 'unsafe-inline';
 * its DOM is built node by node (no innerHTML), so Trusted Types do not object either.
 * Without data (the site unreachable, an unknown component) it shows nothing and warns once.
 *
 * This file is a function expression: the build calls it with the site's words, looks and
 * style sheet, and minifies it (src/core/embed/widget-script.ts). Usage: docs/embed.md.
 */
(/**
 * @param {{ lang: string, dir: string, t: Record<string, string>, i: Record<string, string>, r: Record<string, number>, css: string }} c
 *   lang, dir: the site's language and its direction; t: words by status, or by the page's English description; i: icon path by incident impact, or "ok";
 *   r: how bad each impact is
 */ (c) => {
  /** @typedef {{ id: string, name: string, status: string, group_id?: string | null }} Component */
  /** @typedef {{ id: string, name: string, status: string, impact: string, components: Component[] }} Incident */
  /** @typedef {{ status: { indicator: string, description: string }, components: Component[], incidents: Incident[], scheduled_maintenances: Incident[] }} Summary */
  const d = document;
  // A classic script (not a module): it finds the site it belongs to from its own address.
  const home = new URL('./', /** @type {HTMLScriptElement} */ (d.currentScript).src);
  const api = new URL('api/v2/summary.json', home);
  const sheet = new CSSStyleSheet();
  /** @type {Set<KabarStatus>} */
  const shown = new Set();
  /** @type {Summary | undefined} */
  let data;
  let warned = 0;
  let started = 0;
  sheet.replaceSync(c.css);
  const warn = (/** @type {string} */ why) => warned++ || console.warn(`<kabar-status>: ${why}`);
  const word = (/** @type {string} */ key) => c.t[key] || key;

  const refresh = async () => {
    if (d.hidden) return;
    try {
      const response = await fetch(api, { cache: 'no-cache' });
      if (!response.ok) throw Error(`HTTP ${response.status}`);
      data = await response.json();
    } catch (error) {
      data = undefined;
      warn(`could not read ${api} (${/** @type {Error} */ (error).message})`);
    }
    shown.forEach((el) => el.draw());
  };

  /**
   * An element with attributes and children; `svg:` names an SVG element.
   * @type {(tag: string, attrs: Record<string, string>, ...kids: (Node | string)[]) => Element}
   */
  const h = (tag, attrs, ...kids) => {
    const el = tag[3] == ':' ? d.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : d.createElement(tag);
    for (const name in attrs) el.setAttribute(name, attrs[name]);
    el.append(...kids);
    return el;
  };
  /** The status's shape, hidden from assistive technology: the words next to it (or the link's title) carry the meaning. */
  const icon = (/** @type {string} */ kind) =>
    h('svg:svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', class: kind }, h('svg:circle', { cx: '8', cy: '8', r: '7' }), h('svg:path', { d: c.i[kind] }));

  class KabarStatus extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: 'open' });
        root.adoptedStyleSheets = [sheet];
        // A polite live region from the start, so a later change of status is announced.
        root.append(h('div', { role: 'status', lang: c.lang, dir: c.dir }));
      }
      shown.add(this);
      if (started++) return this.draw();
      setInterval(refresh, 6e4);
      d.addEventListener('visibilitychange', refresh);
      refresh();
    }

    disconnectedCallback() {
      shown.delete(this);
    }

    draw() {
      const variant = this.getAttribute('variant') || 'badge';
      const id = this.getAttribute('component');
      const part = id && data && data.components.find((x) => x.id == id);
      /** @type {Element[]} */
      let out = [];
      if (id && data && !part) warn(`no component "${id}"`);
      if (data && (part || !id)) {
        const text = part ? `${part.name}: ${word(part.status)}` : word(data.status.description);
        const active = data.incidents
          // Maintenance in progress (or verifying), not upcoming: summary.json lists both.
          .concat(data.scheduled_maintenances.filter((m) => m.status != 'scheduled'))
          .filter((i) => !id || i.components.some((x) => x.id == id || x.group_id == id))
          // The worst first (summary.json lists the newest first): a minor incident must not hide an outage.
          .sort((a, b) => c.r[b.impact] - c.r[a.impact]);
        const top = active[0];
        const link = (/** @type {Incident=} */ i) => (i ? new URL(`incidents/${i.id}/`, home) : home).href;
        const about = top ? `${top.name} (${word(top.status)})` : text;
        // In Kabar a component is out of order only through an active incident or maintenance, so the look is that one's impact.
        const look = top ? top.impact : 'ok';
        out =
          variant != 'banner'
            ? [h('a', { class: `pill ${variant}`, href: link(top), title: about }, icon(look), variant == 'dot' ? '' : h('span', {}, about))]
            : active.map((i) => h('p', { class: `row ${i.impact}` }, icon(i.impact), h('span', {}, h('strong', {}, i.name), ` ${word(i.status)} `, h('a', { href: link(i) }, word('details')))));
      }
      // Replace (and so announce) only what a reader would see change.
      const box = /** @type {Element} */ (/** @type {ShadowRoot} */ (this.shadowRoot).firstChild);
      if (box.innerHTML != out.map((n) => n.outerHTML).join('')) box.replaceChildren(...out);
    }
  }

  customElements.get('kabar-status') || customElements.define('kabar-status', KabarStatus);
});
