// The risk models side by side (VaR and ES per model and level, the histograms overlaid) and the backtest: its
// statistics per model and level, the Basel zone, and the chart of realised P&L against each model's VaR.
import { $, el, usd, plusMinus } from './util.js';

export const MODEL_COLORS = { independent: '#4a90d9', correlated: '#d35400', historical: '#16a085' };
const MODEL_POINTS = { independent: 'triangle', correlated: 'rectRot', historical: 'circle' };
const FALLBACK = ['#8e44ad', '#2c3e50', '#c0392b'];

const color = (name, i) => MODEL_COLORS[name] || FALLBACK[i % FALLBACK.length];
const modelsOf = (result) => Object.entries(result.models || {});
const fixed = (v, digits) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
/** p-values span many decades: small ones in exponent form. */
const pValue = (p) => (p === null || p === undefined ? '–' : p < 0.001 ? Number(p).toExponential(1) : Number(p).toFixed(3));

/**
 * Datasets to overlay on the histogram: every model after the first (whose bars the chart already draws), each
 * counted over the first model's bins, as a stepped outline in its colour.
 */
export function overlayHistograms(result) {
  const edges = result.histogram?.edges || [];
  return modelsOf(result).slice(1).filter(([, m]) => m.histogram?.counts).map(([name, m], i) => ({
    label: name,
    type: 'line',
    data: m.histogram.counts.map((c, b) => ({ x: (edges[b] + edges[b + 1]) / 2, y: c })),
    borderColor: color(name, i + 1),
    backgroundColor: 'transparent',
    borderWidth: 2,
    pointRadius: 0,
    stepped: 'middle',
  }));
}

/** The first model's name, for the histogram's bars: "simulations" when the run predates models. */
export function firstModelName(result) {
  const first = modelsOf(result)[0];
  return first ? first[0] : 'simulations';
}

/** Renders the comparison and the backtest; returns the Chart.js instances it made, by name. */
export function renderModels(result) {
  const models = modelsOf(result);
  // one model and no backtest: the main table already says everything
  $('#models-results').hidden = models.length < 2;
  if (models.length >= 2) comparison(result, models);
  const backtest = result.backtest;
  $('#backtest-results').hidden = !backtest;
  if (!backtest) return {};
  statistics(backtest);
  return { backtest: backtestChart(backtest) };
}

function comparison(result, models) {
  const keys = Object.keys(result.var || {});
  const head = el('tr');
  head.append(el('th', 'Model', { scope: 'col' }));
  for (const level of keys) {
    head.append(el('th', `VaR ${level}`, { scope: 'col' }), el('th', '± SE', { scope: 'col' }),
      el('th', `ES ${level}`, { scope: 'col' }), el('th', '± SE', { scope: 'col' }));
  }
  head.append(el('th', 'Mean P&L', { scope: 'col' }), el('th', 'Std dev', { scope: 'col' }));
  $('#models-table thead').replaceChildren(head);
  const tbody = $('#models-table tbody');
  tbody.replaceChildren();
  const notes = $('#model-notes');
  notes.replaceChildren();
  models.forEach(([name, m], i) => {
    const tr = el('tr', null, { 'data-model': name });
    const th = el('th', null, { scope: 'row' });
    th.append(el('span', '■ ', { style: `color: ${color(name, i)}`, 'aria-hidden': 'true' }), name);
    tr.append(th);
    for (const level of keys) {
      tr.append(el('td', usd(m.var?.[level]), { class: 'var', 'data-level': level }),
        el('td', plusMinus(m.varStandardError?.[level]), { class: 'var-se', 'data-level': level }),
        el('td', usd(m.expectedShortfall?.[level]), { class: 'es', 'data-level': level }),
        el('td', plusMinus(m.expectedShortfallStandardError?.[level]), { class: 'es-se', 'data-level': level }));
    }
    tr.append(el('td', usd(m.pnl?.mean)), el('td', usd(m.pnl?.stddev)));
    tbody.append(tr);
    for (const note of m.notes || []) notes.append(el('li', `${name}: ${note}`));
  });
}

function statistics(backtest) {
  $('#backtest-summary').textContent = `One-day VaR forecast from the ${backtest.estimationDays} common dates before `
    + `each of the last ${backtest.days} (${backtest.firstDate} to ${backtest.lastDate}), against the realised P&L `
    + 'of today\'s holdings on that date.';
  $('#backtest-basis').textContent = backtest.trafficLightBasis || '';
  const tbody = $('#backtest-table tbody');
  tbody.replaceChildren();
  const levels = new Set();
  for (const [name, perLevel] of Object.entries(backtest.models || {})) {
    for (const [level, s] of Object.entries(perLevel)) {
      levels.add(level);
      const tr = el('tr', null, { 'data-model': name, 'data-level': level });
      const zone = el('td');
      zone.append(el('span', s.trafficLight, { class: `zone ${s.trafficLight.replace(/\s+/g, '-')}` }));
      tr.append(el('th', name, { scope: 'row' }), el('td', level), el('td', s.breaches, { class: 'breaches' }),
        el('td', fixed(s.expectedBreaches, 1)),
        el('td', `${fixed(s.kupiecLr, 2)} (${pValue(s.kupiecPValue)})`, { class: 'kupiec' }),
        el('td', `${fixed(s.christoffersenLr, 2)} (${pValue(s.christoffersenPValue)})`, { class: 'christoffersen' }),
        zone);
      tbody.append(tr);
    }
  }
  const select = $('#backtest-level');
  select.replaceChildren(...[...levels].map((l) => el('option', l, { value: l })));
  // the Basel level when there is one, else the smallest (the rarest breach)
  select.value = levels.has('0.01') ? '0.01' : [...levels].sort((a, b) => a - b)[0];
}

/** The datasets of the backtest chart at one level: realised P&L, each model's VaR, each model's breaches. */
function backtestDatasets(backtest, level) {
  const { pnl, forecast, breach } = backtest.series;
  const names = Object.keys(forecast || {});
  const datasets = [{ label: 'realised P&L', type: 'bar', data: pnl, backgroundColor: '#9aa3b3', order: 3 }];
  names.forEach((name, i) => {
    datasets.push({
      label: `${name} VaR ${level}`, type: 'line', data: forecast[name][level], borderColor: color(name, i),
      backgroundColor: color(name, i), borderWidth: 1.6, pointRadius: 0, order: 2,
    });
  });
  names.forEach((name, i) => {
    const flags = breach[name][level];
    datasets.push({
      label: `${name} breaches (${flags.filter(Boolean).length})`, type: 'line', showLine: false,
      data: pnl.map((v, t) => (flags[t] ? v : null)), pointStyle: MODEL_POINTS[name] || 'star', pointRadius: 5,
      borderColor: color(name, i), backgroundColor: color(name, i), order: 1,
    });
  });
  return datasets;
}

function backtestChart(backtest) {
  const select = $('#backtest-level');
  const chart = new Chart($('#chart-backtest'), {
    type: 'bar',
    data: { labels: backtest.series.date, datasets: backtestDatasets(backtest, select.value) },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { title: { display: true, text: 'daily P&L' }, ticks: { callback: (v) => usd(v) } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
  select.onchange = () => {
    chart.data.datasets = backtestDatasets(backtest, select.value);
    chart.update();
  };
  return chart;
}
