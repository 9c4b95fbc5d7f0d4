// The sync report page: filters, sort and page size live in the page's URL (a view can be shared); the server
// pages with the SDK's keyset cursors, kept here as a stack so that "Previous" can go back.
'use strict';

(() => {
  const { el, api, follow, number, time, label, badge, say } = Console;
  const $ = id => document.getElementById(id);
  const STATUS_TEXT = { OK: 'OK', SENT: 'Sent', PENDING: 'Pending', FAILED: 'Failed' };
  const FILTERS = ['syncId', 'system', 'entity', 'reference', 'sourceId', 'endpointId', 'status', 'attemptsMin', 'message', 'run'];
  const state = { q: '', days: 5, sort: 'SYNC_ID', dir: 'DESC', size: 25, fields: false, syncData: false, filters: {} };
  let cursors = [null];   // cursors[i] starts page i; null: the first page
  let page = 0;
  let next = null;
  let asked = 0;          // the newest query's number: answers to older ones are dropped
  let loads = 0;
  let resyncRuns = new Set();
  const selected = new Set();

  for (let d = 1; d <= 15; d++) $('days').append(el('option', { value: d }, d));
  readUrl();
  showState();
  load();
  follow(['run'], { run: notice => {
    if (notice.state !== 'finished') return;
    if (resyncRuns.has(notice.runId)) say('Resync run ' + notice.runId + ' finished: ' + label(notice.status) + '.');
    load(); // a finished run may have changed entries on this page
  } });

  function readUrl() {
    const p = new URLSearchParams(location.search);
    state.q = p.get('q') || '';
    state.days = Number(p.get('days')) || 5;
    state.sort = p.get('sort') || 'SYNC_ID';
    state.dir = p.get('dir') || 'DESC';
    state.size = Number(p.get('size')) || 25;
    state.fields = p.get('fields') === '1';
    state.syncData = p.get('syncData') === '1';
    for (const name of FILTERS) if (p.get(name)) state.filters[name] = p.get(name);
  }

  /** The query the table and the download share: window, search, column filters and order. */
  function query() {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    p.set('days', state.days);
    for (const [name, value] of Object.entries(state.filters)) if (value) p.set(name, value);
    p.set('sort', state.sort);
    p.set('dir', state.dir);
    return p;
  }

  function showState() {
    $('search').value = state.q;
    $('days').value = String(state.days);
    $('size').value = String(state.size);
    $('show-fields').checked = state.fields;
    $('show-sync-data').checked = state.syncData;
    $('report').classList.toggle('show-fields', state.fields);
    $('report').classList.toggle('show-sync-data', state.syncData);
    for (const input of document.querySelectorAll('tr.filters [name]')) input.value = state.filters[input.name] || '';
    for (const th of document.querySelectorAll('th[data-sort]')) {
      const on = th.dataset.sort === state.sort;
      th.className = th.className.replace(/ ?sorted-(asc|desc)/, '') + (on ? ' sorted-' + state.dir.toLowerCase() : '');
      th.setAttribute('aria-sort', on ? (state.dir === 'ASC' ? 'ascending' : 'descending') : 'none');
    }
    $('chips').replaceChildren(...Object.entries(state.filters).filter(([, v]) => v).map(([name, value]) =>
      el('span', { class: 'chip', 'data-filter': name }, name + ': ' + value,
        el('button', { type: 'button', 'aria-label': 'Remove the filter ' + name, onclick: () => {
          delete state.filters[name];
          restart();
        } }, '×'))));
    const p = new URLSearchParams(query());
    if (state.size !== 25) p.set('size', state.size);
    if (state.fields) p.set('fields', '1');
    if (state.syncData) p.set('syncData', '1');
    history.replaceState(null, '', '?' + p);
    const download = new URLSearchParams(query());
    if (state.fields) download.set('fields', '1');
    if (state.syncData) download.set('syncData', '1');
    $('download').href = '/api/report.csv?' + download;
  }

  function restart() {
    cursors = [null];
    page = 0;
    showState();
    load();
  }

  async function load() {
    const mine = ++asked;
    const p = query();
    p.set('size', state.size);
    if (cursors[page]) p.set('after', cursors[page]);
    try {
      const answer = await api('GET', '/api/report?' + p);
      if (mine === asked) draw(answer);
    } catch (e) {
      if (mine === asked) say(e.message, true);
    }
  }

  function draw(answer) {
    next = answer.next;
    $('report').tBodies[0].replaceChildren(...answer.entries.map(row));
    const from = page * state.size;
    const shown = answer.entries.length;
    const counts = Object.entries(answer.byStatus).map(([s, n]) => STATUS_TEXT[s] + ' ' + number(n)).join(' · ');
    $('summary').textContent = (shown ? number(from + 1) + '–' + number(from + shown) : '0') + ' of '
      + number(answer.total) + ' entries in the last ' + state.days + ' days · ' + counts;
    $('page-no').textContent = 'Page ' + (page + 1) + ' of ' + Math.max(1, Math.ceil(answer.total / state.size));
    $('first').disabled = page === 0;
    $('prev').disabled = page === 0;
    $('next').disabled = !next;
    pickedChanged();
    document.body.dataset.loads = String(++loads);
  }

  function row(e) {
    const pick = el('input', { type: 'checkbox', class: 'row-pick', value: e.syncId, checked: selected.has(e.syncId),
      'aria-label': 'Select entry ' + e.syncId });
    pick.addEventListener('change', () => {
      if (pick.checked) selected.add(e.syncId); else selected.delete(e.syncId);
      pickedChanged();
    });
    const latest = e.latestSync;
    return el('tr', { 'data-sync-id': e.syncId, 'data-status': e.status },
      el('td', { class: 'pick' }, pick),
      el('td', { class: 'num c-syncId' }, e.syncId),
      el('td', { class: 'c-system' }, e.system),
      el('td', { class: 'c-entity' }, e.entity),
      el('td', { class: 'c-reference' }, e.reference),
      el('td', { class: 'opt-fields c-sourceId' }, e.sourceId),
      el('td', { class: 'opt-fields c-endpointId' }, e.endpointId),
      el('td', { class: 'c-status' }, badge(e.status, STATUS_TEXT[e.status])),
      el('td', { class: 'num c-attempts' }, e.attempts),
      el('td', { class: 'c-message', title: e.message }, e.message),
      el('td', { class: 'c-created' }, time(e.created)),
      el('td', { class: 'c-updated' }, time(e.updated)),
      el('td', { class: 'opt-sync c-latestSync' }, time(latest.time), ' ', badge(latest.result, STATUS_TEXT[latest.result]),
        el('div', { class: 'run' }, 'run ' + latest.runId)));
  }

  function pickedChanged() {
    $('resync').disabled = selected.size === 0;
    $('resync').textContent = selected.size ? 'Resync selected (' + selected.size + ')' : 'Resync selected';
    const picks = [...document.querySelectorAll('input.row-pick')];
    $('select-page').checked = picks.length > 0 && picks.every(p => p.checked);
  }

  let typing = null;
  function typed(apply) { // text filters wait for a pause in typing
    clearTimeout(typing);
    typing = setTimeout(() => { apply(); restart(); }, 300);
  }

  $('toolbar').addEventListener('submit', event => event.preventDefault());
  $('search').addEventListener('input', () => typed(() => { state.q = $('search').value.trim(); }));
  $('days').addEventListener('change', () => { state.days = Number($('days').value); restart(); });
  $('size').addEventListener('change', () => { state.size = Number($('size').value); restart(); });
  $('show-fields').addEventListener('change', () => { state.fields = $('show-fields').checked; showState(); });
  $('show-sync-data').addEventListener('change', () => { state.syncData = $('show-sync-data').checked; showState(); });
  for (const input of document.querySelectorAll('tr.filters [name]')) {
    const apply = () => { state.filters[input.name] = input.value.trim(); };
    if (input.tagName === 'SELECT') input.addEventListener('change', () => { apply(); restart(); });
    else input.addEventListener('input', () => typed(apply));
  }
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.addEventListener('click', () => {
      if (state.sort === th.dataset.sort) state.dir = state.dir === 'ASC' ? 'DESC' : 'ASC';
      else { state.sort = th.dataset.sort; state.dir = 'ASC'; }
      restart();
    });
  }
  $('select-page').addEventListener('change', () => {
    for (const pick of document.querySelectorAll('input.row-pick')) {
      pick.checked = $('select-page').checked;
      if (pick.checked) selected.add(Number(pick.value)); else selected.delete(Number(pick.value));
    }
    pickedChanged();
  });
  $('first').addEventListener('click', () => { page = 0; load(); });
  $('prev').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  $('next').addEventListener('click', () => {
    if (!next) return;
    cursors[page + 1] = next;
    page++;
    load();
  });
  $('refresh').addEventListener('click', load);
  $('resync').addEventListener('click', async () => {
    const ids = [...selected];
    try {
      const answer = await api('POST', '/api/report/resync', { ids });
      resyncRuns = new Set(answer.runs.map(run => run.runId));
      selected.clear();
      say('Resync started: ' + answer.runs.map(run => run.entries + ' entries of ' + run.syncName + ' in run ' + run.runId)
        .join(', ') + '…');
      load();
    } catch (e) {
      say(e.message, true);
    }
  });
})();
