// What every page of the console shares. Values from the server are user data (entity names, references,
// messages): they only ever reach the page as text nodes and attribute values, never as markup.
'use strict';

const Console = (() => {
  /** Makes an element; children that are not nodes become text nodes. */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') e.className = value;
      else if (name.startsWith('on')) e.addEventListener(name.slice(2), value);
      else e.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      e.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
    }
    return e;
  }

  /** Calls the console's API; rejects with the server's message. POSTs send JSON, as the server requires. */
  async function api(method, path, body) {
    const options = { method, headers: { 'Accept': 'application/json' } };
    if (method !== 'GET') {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body || {});
    }
    const response = await fetch(path, options);
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.error || ('the console answered ' + response.status));
    return json;
  }

  /** Follows the server's events; handlers get each event's JSON. The browser reconnects by itself. */
  function follow(topics, handlers) {
    const live = document.getElementById('live');
    const source = new EventSource('/api/events?topics=' + encodeURIComponent(topics.join(',')));
    source.addEventListener('open', () => { live.textContent = 'live'; live.className = 'live on'; });
    source.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = 'live off'; });
    for (const [name, handle] of Object.entries(handlers)) {
      source.addEventListener(name, event => handle(JSON.parse(event.data)));
    }
    window.addEventListener('pagehide', () => source.close());
    return source;
  }

  function number(n) {
    return Number(n).toLocaleString('en-US');
  }

  /** 65000 → "1:05", 3723000 → "1:02:03". */
  function duration(millis) {
    const s = Math.max(0, Math.floor(millis / 1000));
    const two = n => String(n).padStart(2, '0');
    const h = Math.floor(s / 3600);
    return h > 0 ? h + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60) : Math.floor(s / 60) + ':' + two(s % 60);
  }

  /** An ISO instant as "2026-11-23 18:04:30" (UTC). */
  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '') : '';
  }

  /** "REMOVING_SHARING" → "Removing sharing". */
  function label(status) {
    const words = String(status).toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** A status as a coloured badge; the class says the status, the text shows it. */
  function badge(status, text) {
    return el('span', { class: 'badge s-' + String(status).toLowerCase(), 'data-status': status }, text || label(status));
  }

  /** Shows a message for the user in the page's #message line. */
  function say(text, isError) {
    const line = document.getElementById('message');
    line.textContent = text;
    line.className = isError ? 'message error' : 'message';
  }

  /** Draws the header every page shares: the pages, the current one marked, and whether events are flowing. */
  function header() {
    const top = document.querySelector('header.top');
    const pages = [['progress', 'Sync progress'], ['report', 'Sync report'], ['connections', 'Connections']];
    top.replaceChildren(el('span', { class: 'brand' }, 'Syncwright console'),
      el('nav', {}, pages.map(([page, name]) => el('a', { href: '/' + page + '.html',
        'aria-current': page === top.dataset.page ? 'page' : null }, name))),
      el('span', { id: 'live', class: 'live' }, 'connecting…'));
  }

  header();
  return { el, api, follow, number, duration, time, label, badge, say };
})();
