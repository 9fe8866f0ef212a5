// The job's phases as a strip under the progress bar: done, current, to come. The backtest is its own phase.
import { $, el } from './util.js';

const PHASES = [['loading', 'loading'], ['returns', 'returns'], ['prices', 'prices'], ['portfolio', 'portfolio'],
  ['backtesting', 'backtest'], ['simulating', 'simulating'], ['aggregating', 'aggregating']];

/** Draws the phases a run goes through; the backtest only when the run asked for one. */
export function resetPhases(parameters) {
  const withBacktest = (parameters?.backtestDays || 0) > 0;
  const list = $('#phases');
  list.replaceChildren();
  delete list.dataset.at;
  for (const [key, label] of PHASES) {
    if (key === 'backtesting' && !withBacktest) continue;
    list.append(el('li', label, { 'data-phase': key }));
  }
}

/**
 * Marks the phase reported as current and every earlier one as done. Progress reports are coalesced on the way
 * (the newest wins), so a quick phase such as the backtest may never be reported itself: it shows done once a
 * later phase is.
 */
export function showPhase(phase) {
  const list = $('#phases');
  const items = [...list.children];
  const at = phase === 'done' ? items.length : items.findIndex((li) => li.dataset.phase === phase);
  // like the bar, the strip never goes back (a report that arrives late)
  if (at < 0 || at < Number(list.dataset.at || -1)) return;
  list.dataset.at = String(at);
  items.forEach((li, i) => {
    li.className = i < at ? 'done' : i === at ? 'current' : '';
    if (i === at) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
}
