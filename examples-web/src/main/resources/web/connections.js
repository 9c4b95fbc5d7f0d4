// The connections page: redrawn from the "connections" events the server pushes after each status change of a
// connection, a data space or a metadata sync.
'use strict';

(() => {
  const { el, api, follow, number, time, badge, say } = Console;
  let received = 0;

  follow(['connections'], { connections: data => {
    document.body.dataset.events = String(++received);
    const list = document.getElementById('connections');
    list.replaceChildren(...(data.connections.length ? data.connections.map(card) : [el('p', { class: 'empty' }, 'No connection yet.')]));
  } });

  function card(c) {
    const check = el('button', { type: 'button', class: 'check' }, 'Check now');
    check.addEventListener('click', () => {
      check.disabled = true;
      api('POST', '/api/connections/check', { id: c.id }).then(() => say('Checking ' + c.name + '…'), e => say(e.message, true));
    });
    return el('section', { class: 'card', 'data-connection': c.name },
      el('div', { class: 'card-head' },
        el('h2', {}, c.name),
        el('span', { class: 'connection-status' }, badge(c.status)),
        el('span', { class: 'spacer' }),
        check),
      el('p', { class: 'sub' }, c.home + ' → ' + c.companion + ' · since ' + time(c.since),
        c.reason ? el('span', { class: 'reason' }, ' · ' + c.reason) : null),
      el('h3', {}, 'Data spaces'),
      c.dataSpaces.length ? spaces(c.dataSpaces) : el('p', { class: 'empty' }, 'No data space shared yet: the connection is not active until one is.'),
      el('h3', {}, 'Metadata sync'),
      metadata(c));
  }

  function spaces(list) {
    return el('table', { class: 'grid spaces' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Data space'), el('th', {}, 'Entities'), el('th', {}, 'Initialization status'),
        el('th', {}, 'Details'), el('th', {}, 'Since'))),
      el('tbody', {}, list.map(d => el('tr', { 'data-space': d.name },
        el('td', {}, d.name), el('td', {}, d.entities.join(', ')), el('td', { class: 'c-status' }, badge(d.status)),
        el('td', { class: 'c-reason' }, d.reason), el('td', {}, time(d.since))))));
  }

  function metadata(c) {
    const m = c.metadata;
    const log = id => '/api/connections/error-log?id=' + encodeURIComponent(c.id) + '&format=' + id;
    return el('div', { class: 'metadata' },
      el('dl', {},
        el('dt', {}, 'Status'), el('dd', { class: 'c-status' }, badge(m.status)),
        el('dt', {}, 'Pending'), el('dd', { class: 'c-pending' }, number(m.pendingChanges)),
        el('dt', {}, 'Last round'), el('dd', {}, m.round ? '#' + m.round + ' · ' + time(m.lastRoundAt) : 'none yet'),
        el('dt', {}, 'Details'), el('dd', { class: 'c-reason' }, m.reason || '')),
      m.paused ? el('p', { class: 'note' }, 'Metadata syncing is paused until the error is resolved.') : null,
      m.errorLog ? el('p', { class: 'actions' },
        el('a', { class: 'button error-log', href: log('text'), download: '' }, 'Download error log'), ' ',
        el('a', { class: 'button', href: log('json'), download: '' }, 'as JSON')) : null);
  }
})();
