// The sync progress page: drawn from the "progress" events the server pushes after each of the engine's
// callbacks (run and entity started, batch committed, entity and run finished); it never asks again by itself.
'use strict';

(() => {
  const { el, api, follow, number, duration, label, badge, say } = Console;
  const $ = id => document.getElementById(id);
  const CIRCUMFERENCE = 2 * Math.PI * 52;
  const STATES = {
    RUNNING: 'Syncing data', CANCELLING: 'Cancelling…', COMPLETED: 'Sync complete',
    COMPLETED_WITH_ERRORS: 'Completed with errors', CANCELLED: 'Cancelled', FAILED: 'Failed'
  };
  let mode = null;          // 'setup' or 'progress'
  let latest = null;        // the last event's data
  let clock = null;         // { base, at } while a run is going: the elapsed time ticks between events
  let received = 0;

  follow(['progress'], { progress: data => {
    received++;
    document.body.dataset.events = String(received);
    latest = data;
    if (mode === null) show(data.run ? 'progress' : 'setup', data.setup);
    if (mode === 'progress' && data.run) drawRun(data.run);
  } });

  function show(next, choices) {
    mode = next;
    $('setup').hidden = next !== 'setup';
    $('progress').hidden = next !== 'progress';
    if (next === 'setup') drawSetup(choices);
    if (next === 'progress' && latest && latest.run) drawRun(latest.run);
  }

  function drawSetup(choices) {
    const box = $('setup-entities');
    box.replaceChildren(...choices.entities.map(name => el('label', { class: 'option' },
      el('input', { type: 'checkbox', name: 'entity', value: name, checked: choices.selected.includes(name) }), ' ', name)));
    $('setup-slow').checked = choices.slow;
  }

  function drawRun(run) {
    const going = !run.finished;
    $('headline').textContent = run.processed + ' of ' + run.total + ' entities processed';
    $('sync-name').textContent = run.syncName;
    $('run-id').textContent = run.runId;
    clock = going ? { base: run.elapsedMillis, at: performance.now() } : null;
    $('elapsed').textContent = duration(run.elapsedMillis);
    const percent = Math.floor(run.percent);
    $('percent').textContent = percent + '%';
    $('circle-label').textContent = STATES[run.state] || label(run.state);
    $('circle').dataset.state = run.state;
    $('arc').style.strokeDasharray = String(CIRCUMFERENCE);
    $('arc').style.strokeDashoffset = String(CIRCUMFERENCE * (1 - percent / 100));
    for (const name of ['total', 'done', 'active', 'errors', 'records']) {
      $(name).textContent = number(run[name]);
    }
    $('entities').tBodies[0].replaceChildren(...run.entities.map(entityRow));
    drawState(run);
    $('cancel').hidden = !going;
    $('cancel-note').hidden = !going;
    $('cancel').disabled = run.state === 'CANCELLING';
    for (const id of ['close', 'back', 'again']) $(id).hidden = going;
  }

  function entityRow(e) {
    const status = badge(e.status, label(e.status) + (e.interrupted ? ' (interrupted)' : ''));
    return el('tr', { 'data-entity': e.entity, 'data-status': e.status },
      el('td', {}, e.entity, e.error ? el('div', { class: 'error-text' }, e.error) : null),
      el('td', { class: 'num' }, number(e.records)),
      el('td', { class: 'num' }, duration(e.elapsedMillis)),
      el('td', {}, status));
  }

  function drawState(run) {
    const line = $('run-state');
    const report = el('a', { href: '/report.html?run=' + encodeURIComponent(run.runId) }, "See this run's entries in the sync report");
    const d = run.deliveries;
    const counts = number(d.ok) + ' OK · ' + number(d.sent) + ' sent · ' + number(d.pending) + ' pending · ' + number(d.failed) + ' failed';
    if (run.state === 'CANCELLED') line.replaceChildren('Cancelled: batches in flight were committed. ' + counts + '. ', report);
    else if (run.state === 'FAILED') line.replaceChildren('The run failed: ' + (run.failure || 'see the log') + '. ', report);
    else line.replaceChildren(counts + '. ', report);
  }

  setInterval(() => { // the elapsed time moves on between events, as a clock on the page
    if (clock && mode === 'progress') $('elapsed').textContent = duration(clock.base + performance.now() - clock.at);
  }, 1000);

  async function start(entities, slow) {
    try {
      await api('POST', '/api/runs', { entities, slow });
      say('');
      show('progress');
    } catch (e) {
      say(e.message, true);
    }
  }

  $('setup-form').addEventListener('submit', event => {
    event.preventDefault();
    const chosen = [...document.querySelectorAll('#setup-entities input:checked')].map(input => input.value);
    start(chosen, $('setup-slow').checked);
  });
  $('cancel').addEventListener('click', () => {
    $('cancel').disabled = true;
    api('POST', '/api/runs/cancel').catch(e => say(e.message, true));
  });
  $('close').addEventListener('click', () => show('setup', { ...latest.setup, selected: latest.setup.entities, slow: false }));
  $('back').addEventListener('click', () => show('setup', latest.setup));
  $('again').addEventListener('click', () => start(latest.setup.selected, latest.setup.slow));
})();
