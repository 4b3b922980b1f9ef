// The tiles of the feed's own metric values (throughput, latency, errors, CPU), each with a
// sparkline of its newest values. Values are recorded in plain arrays on every event and
// copied to the reactive tiles only when the dashboard renders.

import { markRaw, reactive } from 'vue';

export const METRICS = [
  { key: 'throughput', unit: 'req/s', digits: 0 },
  { key: 'latency', unit: 'ms', digits: 1 },
  { key: 'errors', unit: '%', digits: 2 },
  { key: 'cpu', unit: '%', digits: 1 },
];

const HISTORY = 120;

/** SVG polyline points for the values, right-aligned in a 100 x 30 box. */
function sparkline(values) {
  if (values.length < 2) {
    return '';
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const span = max - min || 1;
  const step = 100 / (HISTORY - 1);
  const offset = HISTORY - values.length;
  return values.map((value, i) => `${((offset + i) * step).toFixed(1)},${(28 - ((value - min) / span) * 26).toFixed(1)}`)
    .join(' ');
}

export function useMetricTiles() {
  const tiles = reactive(METRICS.map((metric) => ({ ...metric, value: NaN, points: '' })));
  const history = markRaw(Object.fromEntries(METRICS.map((metric) => [metric.key, []])));
  let latest = null;

  return {
    tiles,
    /** Keeps an event's metric values (plain state). */
    record(metrics) {
      latest = metrics;
      for (const metric of METRICS) {
        const series = history[metric.key];
        series.push(metrics[metric.key]);
        if (series.length > HISTORY) {
          series.shift();
        }
      }
    },
    /** Shows the newest values; the sparklines too when withLines (they cost more). */
    refresh(withLines) {
      if (latest === null) {
        return;
      }
      for (const tile of tiles) {
        tile.value = latest[tile.key];
        if (withLines) {
          tile.points = sparkline(history[tile.key]);
        }
      }
    },
  };
}
