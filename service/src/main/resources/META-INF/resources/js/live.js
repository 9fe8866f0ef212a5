// One run on screen: its parameters, a live timeline from the SSE stream, progress, log tail, cancel, result.
import { $, el, time, duration, usd, firstVar, FINAL } from './util.js';
import { renderResult, destroyCharts } from './charts.js';
import { resetPhases, showPhase } from './phases.js';
import { api } from './access.js';

const TERMINAL = ['completed', 'failed', 'cancelled'];
const NAMES = ['accepted', 'queued', 'admitted', 'pool-slot', 'cluster-created', 'workers', 'cluster-scaled', 'job-started', 'progress', 'result',
  'warning', 'cluster-deleted', ...TERMINAL];
const STATE_AFTER = { accepted: 'ACCEPTED', admitted: 'ACCEPTED', 'cluster-created': 'WAITING_FOR_WORKERS', 'job-started': 'RUNNING' };

/** Shows one run at a time; opening another closes the previous stream and timers. */
export class RunView {
  constructor({ onFinished }) {
    this.onFinished = onFinished;
    this.eventIds = []; // every event applied, in order: the browser test checks it has no gap or repeat
    this.charts = {};
    $('#cancel-button').addEventListener('click', () => this.cancel());
  }

  async open(id) {
    if (id === this.id) return;
    this.close();
    this.id = id;
    this.lastId = 0;
    this.eventIds = [];
    this.state = null;
    this.created = null;
    this.finished = null;
    this.reset();
    $('#run').hidden = false;
    $('#run-id').textContent = id;
    const response = await api(`/runs/${encodeURIComponent(id)}`).catch(() => null);
    if (id !== this.id) return;
    if (!response || !response.ok) {
      this.setState('UNKNOWN');
      $('#run-reason').textContent = response ? `No run with id ${id}.` : 'The service did not answer.';
      return;
    }
    const run = await response.json();
    this.created = new Date(run.created);
    if (run.finished) this.finished = new Date(run.finished);
    this.showParameters(run);
    resetPhases(run.parameters);
    this.setState(run.state, run.queuePosition);
    this.tick = setInterval(() => this.showElapsed(), 1000);
    this.showElapsed();
    this.connect();
    if (!FINAL.has(run.state)) this.pollLog();
    else this.loadLog();
  }

  /** Opens the event stream from the start; the browser resumes with Last-Event-ID after a drop. */
  connect() {
    const source = new EventSource(`/runs/${encodeURIComponent(this.id)}/events`);
    this.source = source;
    for (const name of NAMES) {
      source.addEventListener(name, (e) => {
        if (source !== this.source) return;
        this.apply(name, Number(e.lastEventId), JSON.parse(e.data));
      });
    }
    source.onopen = () => { $('#run-conn').textContent = ''; };
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        $('#run-conn').textContent = 'event stream closed';
        return;
      }
      $('#run-conn').textContent = 'reconnecting…';
      this.checkOver();
    };
  }

  /** A stream that ended without a terminal event (an older run): stop reconnecting once the run is over. */
  async checkOver() {
    const id = this.id;
    const response = await api(`/runs/${encodeURIComponent(id)}`).catch(() => null);
    if (!response || !response.ok || id !== this.id) return;
    const run = await response.json();
    if (FINAL.has(run.state) && this.source) {
      this.source.close();
      this.source = null;
      $('#run-conn').textContent = '';
      this.finish(run.state, run);
    }
  }

  apply(name, id, data) {
    if (!(id > this.lastId)) return; // already applied (a resumed stream never repeats, but be sure)
    this.lastId = id;
    this.eventIds.push(id);
    if (STATE_AFTER[name]) this.setState(STATE_AFTER[name]);
    switch (name) {
      case 'accepted':
        this.addStep(id, name, data.time, 'Accepted');
        break;
      case 'queued':
        this.setState('QUEUED', data.position);
        this.addStep(id, name, data.time, `Queued, position ${data.position}`);
        break;
      case 'admitted':
        this.addStep(id, name, data.time, `Admitted after ${duration(data.waitedSeconds)} in the queue`);
        break;
      case 'pool-slot':
        this.addStep(id, name, data.time, `From the warm pool: slot ${data.slot} (cluster ${data.cluster}), ready for `
          + `${duration(data.readySeconds)}; waited ${duration(data.waitedSeconds)} for it`);
        break;
      case 'cluster-created':
        this.desired = data.desiredWorkers;
        $('#run-workers').textContent = `0 / ${data.desiredWorkers}`;
        this.addStep(id, name, data.time, `Cluster ${data.cluster} created, ${data.desiredWorkers} worker(s) wanted`,
          data.masterWebUrl ? { href: data.masterWebUrl, text: 'master UI' } : null);
        break;
      case 'workers':
        this.desired = data.desired;
        $('#run-workers').textContent = `${data.alive} / ${data.desired}`;
        this.addStep(id, name, data.time, `Workers ${data.alive} / ${data.desired} alive after ${duration(data.elapsedSeconds)}`);
        break;
      case 'cluster-scaled': {
        const text = `Cluster scaled ${data.from} → ${data.to}${data.reason ? ` (${data.reason})` : ''}`;
        this.addStep(id, name, data.time, text);
        const list = $('#scaled');
        list.querySelector('.none')?.remove();
        list.append(el('li', `${time(data.time)} ${data.from} → ${data.to}${data.reason ? ` — ${data.reason}` : ''}`));
        break;
      }
      case 'job-started':
        this.addStep(id, name, data.time, `Job started (pid ${data.pid}) on ${data.masterUrl}`);
        break;
      case 'progress':
        this.showProgress(data);
        break;
      case 'result':
        this.showProgress({ percent: 100, phase: 'done' });
        this.addStep(id, name, data.time, `Result: VaR ${firstVar(data)} on ${usd(data.initialValue)}`);
        break;
      case 'warning':
        this.addStep(id, name, data.time, `Warning: ${data.message}`);
        break;
      case 'cluster-deleted':
        this.addStep(id, name, data.time, `Cluster ${data.cluster} deleted`);
        break;
      default: // terminal
        this.addStep(id, name, data.time, `${name[0].toUpperCase()}${name.slice(1)} after ${duration(data.durationSeconds)}`
          + (data.reason ? `: ${data.reason}` : ''));
        this.source?.close();
        this.source = null;
        this.finished = new Date(data.time);
        this.finish(data.state || name.toUpperCase());
    }
  }

  addStep(id, name, at, text, link) {
    const li = el('li', null, { 'data-id': String(id), 'data-event': name, class: name });
    li.append(el('time', time(at), { datetime: at }), ' ', el('span', text));
    if (link) li.append(' ', el('a', link.text, { href: link.href, target: '_blank', rel: 'noopener' }));
    $('#timeline').append(li);
  }

  showProgress(p) {
    const bar = $('#run-progress');
    // percent is documented as never decreasing; callbacks that arrive out of order must not move the bar back
    bar.value = Math.max(Number(p.percent), bar.value);
    const tasks = p.tasksTotal ? ` — tasks ${p.tasksDone} / ${p.tasksTotal}` : '';
    $('#run-progress-text').textContent = `${Number(bar.value).toFixed(1)} % ${p.phase ? `(${p.phase})` : ''}${tasks}`;
    if (p.phase) showPhase(p.phase);
  }

  /** The state badge; a queued run shows its place ("queued, position 2"), updated as the queue moves. */
  setState(state, position) {
    this.state = state;
    const badge = $('#run-state');
    badge.textContent = state === 'QUEUED' && position ? `queued, position ${position}` : state;
    badge.className = `state ${state}`;
    $('#cancel-button').hidden = FINAL.has(state) || state === 'UNKNOWN';
  }

  showElapsed() {
    if (!this.created) return;
    const end = this.finished || new Date();
    $('#run-elapsed').textContent = duration((end - this.created) / 1000);
  }

  showParameters(run) {
    const dl = $('#run-params');
    dl.replaceChildren();
    const p = run.parameters || {};
    const rows = [['Created', new Date(run.created).toLocaleString()], ['Simulations', p.simulations?.toLocaleString('en-US')],
      ['Horizon', `${p.horizonDays} days`], ['Levels', (p.levels || []).join(', ')], ['Seed', p.seed ?? 'default'],
      ['Data', p.data], ['Portfolio', p.holdings ? Object.keys(p.holdings).join(', ') : `sample ${p.sampleFraction}`],
      ['Models', (p.models || ['independent']).join(', ')],
      ['Backtest', p.backtestDays ? `${p.backtestDays} days, ${p.estimationDays}-day window` : 'none'],
      ['Sampling', p.varianceReduction === 'importance' ? 'importance sampling' : 'plain'],
      ['Mode', p.mode], ['Cluster', run.cluster?.name]];
    for (const [k, v] of rows) {
      if (v === undefined || v === null) continue;
      dl.append(el('dt', k), el('dd', v));
    }
  }

  async finish(state, known) {
    this.setState(state);
    clearTimeout(this.logTimer);
    this.showElapsed();
    clearInterval(this.tick);
    const id = this.id;
    let run = known;
    if (!run) {
      const response = await api(`/runs/${encodeURIComponent(id)}`).catch(() => null);
      if (!response || !response.ok || id !== this.id) return;
      run = await response.json();
    }
    if (id !== this.id) return;
    if (run.reason) $('#run-reason').textContent = run.reason;
    if (run.durationSeconds !== undefined) $('#run-elapsed').textContent = duration(run.durationSeconds);
    if (run.result) {
      $('#results').hidden = false;
      this.charts = renderResult(run.result, id);
    }
    this.loadLog();
    this.onFinished?.(run);
  }

  async loadLog() {
    const id = this.id;
    const response = await api(`/runs/${encodeURIComponent(id)}/log`).catch(() => null);
    if (!response || !response.ok || id !== this.id) return;
    const pre = $('#run-log');
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = (await response.text()) || '(no output yet)';
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  /** Polls the log tail every 2 s while the run goes on. */
  pollLog() {
    this.loadLog().finally(() => {
      if (!FINAL.has(this.state) && this.id) this.logTimer = setTimeout(() => this.pollLog(), 2000);
    });
  }

  async cancel() {
    const button = $('#cancel-button');
    button.disabled = true;
    const response = await api(`/runs/${encodeURIComponent(this.id)}`, { method: 'DELETE' }).catch(() => null);
    if (response && response.status === 202) {
      button.textContent = 'Cancelling…';
      return;
    }
    const problem = response ? await response.json().catch(() => ({})) : {};
    $('#run-reason').textContent = problem.detail || 'The cancel request failed.';
    button.disabled = false;
  }

  reset() {
    $('#timeline').replaceChildren();
    $('#scaled').replaceChildren(el('li', 'no scaling', { class: 'none' }));
    $('#run-reason').textContent = '';
    $('#run-log').textContent = '';
    $('#run-conn').textContent = '';
    $('#run-workers').textContent = '–';
    $('#run-progress').value = 0;
    $('#run-progress-text').textContent = 'waiting for the job';
    $('#results').hidden = true;
    resetPhases(null);
    const button = $('#cancel-button');
    button.disabled = false;
    button.textContent = 'Cancel run';
  }

  close() {
    this.source?.close();
    this.source = null;
    clearInterval(this.tick);
    clearTimeout(this.logTimer);
    destroyCharts(this.charts);
    this.charts = {};
  }
}
