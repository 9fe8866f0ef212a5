// The result: VaR table, histogram with VaR markers, sorted-outcome curve, the eleven walks, portfolio, download.
import { $, el, usd, pct, plusMinus } from './util.js';
import { renderModels, overlayHistograms, firstModelName, MODEL_COLORS } from './models.js';

const COLORS = ['#c0392b', '#8e44ad', '#2c3e50', '#d35400', '#16a085'];

/** Draws a dashed vertical line at each VaR on the x axis (Chart.js has no built-in annotations). */
const varLines = {
  id: 'varLines',
  afterDatasetsDraw(chart, args, options) {
    const { ctx, chartArea, scales } = chart;
    const lines = (options.lines || []).map((line, i) => ({ ...line, color: COLORS[i % COLORS.length] }));
    ctx.save();
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    for (const line of lines) {
      const x = scales.x.getPixelForValue(line.value);
      if (x < chartArea.left || x > chartArea.right) continue;
      ctx.strokeStyle = line.color;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
    }
    // the labels stack in the top-left corner over the lines, each with a sample of its line, so that close
    // levels stay readable
    ctx.font = '12px sans-serif';
    ctx.textBaseline = 'middle';
    lines.forEach((line, i) => {
      const y = chartArea.top + 10 + 15 * i;
      ctx.setLineDash([]);
      ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.fillRect(chartArea.left + 2, y - 7, 32 + ctx.measureText(line.label).width, 14);
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = line.color;
      ctx.beginPath();
      ctx.moveTo(chartArea.left + 6, y);
      ctx.lineTo(chartArea.left + 26, y);
      ctx.stroke();
      ctx.fillStyle = line.color;
      ctx.fillText(line.label, chartArea.left + 30, y);
    });
    ctx.restore();
  },
};

// The job reports daily changes already in percent.
const percentPoints = (v) => (v === undefined || v === null ? '–' : `${v.toFixed(3)} %`);

const moneyTick = { callback: (v) => usd(v) };

export function destroyCharts(charts) {
  for (const chart of Object.values(charts || {})) chart.destroy();
}

/** Renders every part of the result; returns the Chart.js instances by name. */
export function renderResult(result, runId) {
  const levels = Object.keys(result.var || {});
  const initial = result.initialValue;
  const sampling = result.varianceReduction === 'importance'
    ? ' Importance sampling: draws shifted towards the smallest level\'s losses, each path weighted by its'
      + ' likelihood ratio.'
    : '';
  $('#result-summary').textContent = `${result.simulations.toLocaleString('en-US')} simulations over `
    + `${result.horizonDays} trading days of a portfolio worth ${usd(initial)}; mean P&L ${usd(result.pnl?.mean)}, `
    + `std dev ${usd(result.pnl?.stddev)}; seed ${result.seed}.${sampling}`;

  const tbody = $('#var-table tbody');
  tbody.replaceChildren();
  for (const level of levels) {
    const v = result.var[level];
    const ci = (result.varConfidence || {})[level];
    const tr = el('tr', null, { 'data-level': level });
    // the standard errors in cells of their own, so that the figure's cell holds the figure alone
    tr.append(el('th', level, { scope: 'row' }), el('td', usd(v), { class: 'var' }),
      el('td', plusMinus(result.varStandardError?.[level]), { class: 'var-se' }),
      el('td', initial ? pct(v / initial) : '–'), el('td', usd((result.expectedShortfall || {})[level])),
      el('td', plusMinus(result.expectedShortfallStandardError?.[level]), { class: 'es-se' }),
      el('td', ci ? `${usd(ci[0])} … ${usd(ci[1])}` : '–'));
    tbody.append(tr);
  }

  const ptbody = $('#portfolio-table tbody');
  ptbody.replaceChildren();
  for (const [ticker, dollars] of Object.entries(result.portfolio || {})) {
    const price = (result.prices || {})[ticker] || {};
    const ret = (result.returns || {})[ticker] || {};
    const tr = el('tr');
    tr.append(el('th', ticker, { scope: 'row' }), el('td', usd(dollars)), el('td', price.price?.toFixed(2) ?? '–'),
      el('td', price.date ?? '–'), el('td', percentPoints(ret.mean)), el('td', percentPoints(ret.stddev)));
    ptbody.append(tr);
  }
  $('#result-warnings').textContent = (result.warnings || []).join(' ');

  const link = $('#download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
  link.download = `sparkvar-${runId}.json`;

  const lines = levels.map((l) => ({ value: result.var[l], label: `VaR ${l}: ${usd(result.var[l])}` }));
  return { histogram: histogram(result, lines), curve: curve(result, levels), walks: walks(result), ...renderModels(result) };
}

function histogram(result, lines) {
  const { edges, counts } = result.histogram;
  const points = counts.map((c, i) => ({ x: (edges[i] + edges[i + 1]) / 2, y: c }));
  // the other models' histograms share these bins (the job counts them over the first model's edges)
  const overlays = overlayHistograms(result);
  const first = firstModelName(result);
  return new Chart($('#chart-histogram'), {
    type: 'bar',
    data: { datasets: [{ label: first, data: points, backgroundColor: MODEL_COLORS[first] || '#4a90d9', barPercentage: 1, categoryPercentage: 1 },
      ...overlays] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: true,
      scales: { x: { type: 'linear', min: edges[0], max: edges[edges.length - 1], title: { display: true, text: 'P&L' }, ticks: moneyTick },
        y: { title: { display: true, text: 'simulations' } } },
      plugins: { legend: { display: overlays.length > 0, position: 'bottom', labels: { boxWidth: 12 } }, varLines: { lines } },
    },
    plugins: [varLines],
  });
}

function curve(result, levels) {
  const { p, pnl } = result.curve;
  const marks = levels.map((l) => ({ x: Number(l), y: result.var[l] }));
  return new Chart($('#chart-curve'), {
    type: 'line',
    data: { datasets: [
      { label: 'P&L', data: p.map((x, i) => ({ x, y: pnl[i] })), borderColor: '#2c3e50', pointRadius: 0, borderWidth: 2 },
      { label: 'VaR', data: marks, type: 'scatter', borderColor: COLORS[0], backgroundColor: COLORS[0], pointRadius: 5 },
    ] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'percentile' } },
        y: { title: { display: true, text: 'P&L' }, ticks: moneyTick } },
    },
  });
}

function walks(result) {
  const list = result.walks || [];
  const days = list.length ? list[0].values.length : 0;
  return new Chart($('#chart-walks'), {
    type: 'line',
    data: {
      labels: Array.from({ length: days }, (_, d) => d),
      datasets: list.map((w, i) => ({
        label: w.label, data: w.values, pointRadius: 0, borderWidth: w.label === 'worst' || w.label === 'best' ? 2.5 : 1.2,
        borderColor: `hsl(${Math.round((i / Math.max(1, list.length - 1)) * 220)}, 65%, 45%)`,
      })),
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'trading day' } }, y: { title: { display: true, text: 'portfolio value' }, ticks: moneyTick } },
      plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } },
    },
  });
}
