// Small helpers shared by the page's scripts.

export const $ = (sel) => document.querySelector(sel);

/** Creates an element with text content and attributes. */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
export const usd = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : money.format(v));
/** A standard error as "± $43"; "–" when the run reported none (older results, or too few simulations). */
export const plusMinus = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : `± ${money.format(v)}`);
export const pct = (v, digits = 2) => (v === null || v === undefined ? '–' : (v * 100).toFixed(digits) + ' %');
export const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
export const dateTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');

/** Seconds as "1 min 05 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The first VaR of a result or result event, as text. */
export function firstVar(result) {
  if (!result || !result.var) return '–';
  const levels = Object.keys(result.var);
  return levels.length ? `${usd(result.var[levels[0]])} @ ${levels[0]}` : '–';
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
