// Usage of the last 14 UTC days as two bar charts (predictions, estimated spend), drawn as inline
// SVG with DOM APIs. GET /usage lists only the days with activity; the others are drawn as zero.

import { byId, svg, usd } from './dom.js';

const DAYS = 14;
const WIDTH = 560;
const HEIGHT = 200;
const PAD = { top: 18, right: 8, bottom: 26, left: 44 };

export function initUsage({ api }) {
  const status = byId('usage-status');
  byId('usage-refresh').addEventListener('click', () => refresh());

  async function refresh() {
    status.textContent = 'Loading usage…';
    try {
      const usage = await api.usage({ days: DAYS });
      const days = everyDay(usage);
      draw('chart-predictions', 'chart-predictions-caption', days, (day) => day.predictions, { format: String, whole: true });
      draw('chart-spend', 'chart-spend-caption', days, (day) => day.spend, { format: usd });
      status.textContent = summary(usage, days);
    } catch (error) {
      status.textContent = `Could not load usage: ${error.message}`;
    }
  }

  return { refresh };
}

/** One entry per day from `since` to today, with the predictions made and the estimated spend. */
export function everyDay(usage) {
  const byDay = new Map(usage.days.map((day) => [day.day, day]));
  const first = new Date(`${usage.since}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, offset) => {
    const date = new Date(first.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const found = byDay.get(date);
    const predictions = (found?.lines ?? [])
      .filter((line) => line.kind === 'prediction')
      .reduce((sum, line) => sum + line.count, 0);
    return { date, predictions, spend: found?.estimated_spend_usd ?? 0 };
  });
}

function summary(usage, days) {
  const predictions = days.reduce((sum, day) => sum + day.predictions, 0);
  const budget = usage.daily_spend_budget_usd != null ? ` Daily budget ${usd(usage.daily_spend_budget_usd)}.` : '';
  return `${predictions} ${predictions === 1 ? 'prediction' : 'predictions'} and an estimated `
    + `${usd(usage.estimated_spend_usd)} since ${usage.since}.${budget}`;
}

/** A bar chart of one value per day; `whole` values (counts) get whole-number grid lines only. */
function draw(containerId, captionId, days, valueOf, { format, whole = false }) {
  const values = days.map(valueOf);
  const top = niceCeiling(Math.max(...values));
  const ticks = whole && !Number.isInteger(top / 2) ? [0, top] : [0, top / 2, top];
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / days.length;
  const y = (value) => PAD.top + plotHeight - (value / top) * plotHeight;

  const grid = ticks.map((value) => [
    svg('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value) }),
    svg('text', { class: 'axis', x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, format(value)),
  ]);

  const labels = dayLabels(days);
  const bars = days.map((day, index) => {
    const value = values[index];
    const x = PAD.left + index * slot + slot * 0.15;
    const label = `${day.date}: ${format(value)}`;
    return svg(
      'g',
      { class: 'bar', dataset: { day: day.date, value } },
      svg('rect', {
        x, width: slot * 0.7, y: y(value), height: Math.max(y(0) - y(value), value > 0 ? 1 : 0),
      }, svg('title', {}, label)),
      value > 0 ? svg('text', { class: 'value', x: x + slot * 0.35, y: y(value) - 4, 'text-anchor': 'middle' }, format(value)) : null,
      labels[index]
        ? svg('text', { class: 'axis', x: x + slot * 0.35, y: HEIGHT - 8, 'text-anchor': 'middle' }, labels[index])
        : null,
    );
  });

  const total = values.reduce((sum, value) => sum + value, 0);
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${captionId} ${containerId}-desc` },
    svg('desc', { id: `${containerId}-desc` }, `${days.length} days, ${format(total)} in all; busiest day `
      + `${days[values.indexOf(Math.max(...values))].date} with ${format(Math.max(...values))}.`),
    grid,
    svg('line', { class: 'baseline', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }),
    bars,
  );
  byId(containerId).replaceChildren(chart);
}

/** A round top for the axis: 1, 2 or 5 × 10ⁿ at or above the largest value (1 when all are zero). */
function niceCeiling(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= max);
}

/**
 * Every other day is labelled, today's included, so the labels fit a phone's width: "18", or
 * "18/11" where the month is new (the first label, and the first after a month's end).
 */
function dayLabels(days) {
  let shownMonth = null;
  return days.map(({ date }, index) => {
    if ((days.length - 1 - index) % 2 !== 0) return null;
    const [, month, day] = date.split('-').map(Number);
    const label = month === shownMonth ? String(day) : `${day}/${month}`;
    shownMonth = month;
    return label;
  });
}
