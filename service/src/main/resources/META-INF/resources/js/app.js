// Entry point: the start form, the past-runs list and the deep link (#run=<id> or ?run=<id>).
import { $, el, dateTime, firstVar } from './util.js';
import { RunView } from './live.js';
import { api } from './access.js';
import { MODEL_FIELDS, addModelOptions } from './model-form.js';

const view = new RunView({ onFinished: () => loadRuns() });
window.sparkvar = { view }; // for debugging and the browser test

const form = $('#run-form');
const FIELDS = ['simulations', 'horizonDays', 'levels', 'seed', 'data', 'sampleFraction', 'holdings',
  'mode', 'workers', 'clusterConfig', 'masterUrl', 'partitions', ...MODEL_FIELDS];

/** A number when the text is one, else the text itself so that the API names the bad field. */
function numberOrText(text) {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function requestBody() {
  const v = (name) => form.elements[name].value.trim();
  const body = {};
  for (const name of ['simulations', 'horizonDays', 'seed', 'workers', 'partitions']) {
    if (v(name) !== '') body[name] = numberOrText(v(name));
  }
  if (v('levels') !== '') body.levels = v('levels').split(/[,\s]+/).filter(Boolean).map(numberOrText);
  if (v('data') !== '') body.data = v('data');
  if (form.elements.portfolio.value === 'holdings') {
    body.holdings = {};
    for (const pair of v('holdings').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [ticker, dollars = ''] = pair.split('=').map((s) => s.trim());
      body.holdings[ticker] = numberOrText(dollars);
    }
  } else if (v('sampleFraction') !== '') {
    body.sampleFraction = numberOrText(v('sampleFraction'));
  }
  const mode = v('mode');
  if (mode !== 'ephemeral') body.mode = mode;
  if (v('clusterConfig') !== '' && v('clusterConfig') !== 'clusterconfig') body.clusterConfig = v('clusterConfig');
  if (v('masterUrl') !== '') body.masterUrl = v('masterUrl');
  addModelOptions(form, body, numberOrText);
  return body;
}

function clearErrors() {
  for (const name of FIELDS) {
    $(`#err-${name}`).textContent = '';
    const input = $(`#f-${name}`);
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  $('#err-form').textContent = '';
}

/** Puts each message of a problem+json beside the field it names ("levels[1]" → levels, "holdings.X" → holdings). */
function showProblem(problem) {
  const errors = problem.errors || [];
  const general = [];
  let first = null;
  for (const { field, message } of errors) {
    const base = (field || '').split(/[.[]/)[0];
    if (FIELDS.includes(base)) {
      const span = $(`#err-${base}`);
      span.textContent = (span.textContent ? span.textContent + '; ' : '') + (field !== base ? `${field}: ` : '') + message;
      const input = $(`#f-${base}`);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `err-${base}`);
      input.closest('details')?.setAttribute('open', ''); // a cluster field's error must not stay folded away
      first = first || input;
    } else {
      general.push(field ? `${field}: ${message}` : message);
    }
  }
  if (!errors.length) general.push(problem.detail || problem.title || 'the run was refused');
  $('#err-form').textContent = general.join('; ');
  first?.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const button = $('#start-button');
  button.disabled = true;
  try {
    const response = await api('/runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(requestBody()),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) {
      location.hash = `run=${body.id}`; // the hashchange opens it
      loadRuns();
    } else if (response.status === 429) {
      // the queue is full: say when a place may be free (Retry-After, seconds)
      const after = response.headers.get('Retry-After');
      showProblem({ ...body, detail: `${body.detail || 'too many runs'}${after ? ` (try again in ${after} s)` : ''}` });
    } else {
      showProblem(body.status ? body : { detail: `HTTP ${response.status}` });
    }
  } catch (e) {
    $('#err-form').textContent = `The service did not answer: ${e.message}`;
  } finally {
    button.disabled = false;
  }
});

form.addEventListener('change', (event) => {
  if (event.target.name === 'portfolio') {
    const holdings = event.target.value === 'holdings';
    $('#f-holdings').disabled = !holdings;
    $('#f-sampleFraction').disabled = holdings;
  }
});

async function loadDatasets() {
  try {
    const response = await api('/datasets');
    if (!response.ok) return;
    const select = $('#f-data');
    for (const d of await response.json()) {
      if (d.name === 'dowjones30.csv') continue;
      select.append(el('option', `${d.name} (${d.format}, ${Math.round(d.bytes / 1024)} KiB)`, { value: d.name }));
    }
  } catch (e) {
    // the default data set is still offered
  }
}

async function loadRuns() {
  const tbody = $('#runs-table tbody');
  let runs;
  try {
    const response = await api('/runs');
    runs = await response.json();
  } catch (e) {
    return;
  }
  tbody.replaceChildren();
  if (!runs.length) {
    const tr = el('tr');
    tr.append(el('td', 'no runs yet', { colspan: '5' }));
    tbody.append(tr);
  }
  for (const r of runs) {
    const tr = el('tr', null, { 'data-run': r.id });
    const link = el('a', r.id, { href: `#run=${r.id}` });
    const idCell = el('td');
    idCell.append(link);
    const state = r.state === 'QUEUED' && r.queuePosition ? `queued, position ${r.queuePosition}` : r.state;
    tr.append(idCell, el('td', state, { class: `state ${r.state}` }), el('td', dateTime(r.created)),
      el('td', r.parameters ? r.parameters.simulations.toLocaleString('en-US') : ''), el('td', firstVar(r.result)));
    tbody.append(tr);
  }
}

/** The run named by the address: #run=<id> or ?run=<id>. */
function runFromLocation() {
  const hash = new URLSearchParams(location.hash.slice(1)).get('run');
  return hash || new URLSearchParams(location.search).get('run');
}

function route() {
  const id = runFromLocation();
  if (id) view.open(id);
  return id;
}

// Opening a run from the list or the form: bring it into view and move the keyboard focus to it.
window.addEventListener('hashchange', () => {
  if (route()) {
    const title = $('#run-title');
    title.focus({ preventScroll: true });
    title.scrollIntoView({ block: 'start' });
  }
});
/**
 * The health strip: slots in use, the queue, clusters held, the warm pool if any (GET /status), so that a user sees
 * why a run waits or starts cold.
 */
async function loadStatus() {
  const strip = $('#health-strip');
  try {
    const response = await api('/status');
    if (!response.ok) return;
    const s = await response.json();
    strip.textContent = `running ${s.running} of ${s.maxRunning} · queued ${s.queued} of ${s.queueSize}`
      + ` · clusters ${s.clustersHeld}` + (s.clustersToDelete ? ` (${s.clustersToDelete} to delete)` : '')
      + (s.poolSize ? ` · warm pool ${s.poolReady} of ${s.poolSize} ready` : '');
    strip.hidden = false;
  } catch (e) {
    // the strip keeps its last numbers
  }
}

$('#refresh-runs').addEventListener('click', loadRuns);
loadDatasets();
loadRuns();
loadStatus();
setInterval(() => { if (!document.hidden) loadStatus(); }, 5000);
route();
