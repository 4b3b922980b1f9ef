// A latency recorder: record(ms) many times, read percentiles. With `window` it keeps only
// the newest values, with `maxAgeMs` only those recorded in the last maxAgeMs (a live
// dashboard: a change of interval or rate shows within that time, whatever the rate);
// without either, everything since reset() (a benchmark run).

/** Index of the first time in `times` (ascending) that is >= from. */
function firstAtOrAfter(times, from) {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < from) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Index of the first value in `data` (ascending) that is > ms. */
function firstAbove(data, ms) {
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid] > ms) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

export function createLatencyRecorder({ window = 0, maxAgeMs = 0, now = () => performance.now() } = {}) {
  let values = [];
  let times = [];
  let sorted = null;
  let maxSeen = -Infinity;
  let total = 0;
  let sum = 0;

  function sortedValues() {
    if (sorted === null) {
      sorted = Float64Array.from(values).sort();
    }
    return sorted;
  }

  return {
    record(ms) {
      if (!Number.isFinite(ms)) {
        return;
      }
      values.push(ms);
      if (maxAgeMs > 0) {
        times.push(now());
      }
      if (window > 0 && values.length > window * 2) {
        // trim in chunks, not on every record
        values = values.slice(values.length - window);
        times = times.slice(times.length - window);
      }
      sorted = null;
      total++;
      sum += ms;
      if (ms > maxSeen) {
        maxSeen = ms;
      }
    },
    /** Nearest-rank percentile, p in 0..100; NaN when empty. */
    percentile(p) {
      let data = sortedValues();
      const from = Math.max(window > 0 ? values.length - window : 0,
        maxAgeMs > 0 ? firstAtOrAfter(times, now() - maxAgeMs) : 0);
      if (from > 0) {
        data = Float64Array.from(values.slice(from)).sort();
      }
      if (data.length === 0) {
        return NaN;
      }
      const rank = Math.ceil((p / 100) * data.length);
      return data[Math.min(data.length - 1, Math.max(0, rank - 1))];
    },
    /** How many kept values are above `ms` (e.g. frames slower than 1.5x the median). */
    countAbove(ms) {
      const data = sortedValues();
      return data.length - firstAbove(data, ms);
    },
    /** Values recorded since reset() (all of them, not only the window). */
    get count() {
      return total;
    },
    get max() {
      return total === 0 ? NaN : maxSeen;
    },
    get mean() {
      return total === 0 ? NaN : sum / total;
    },
    reset() {
      values = [];
      times = [];
      sorted = null;
      maxSeen = -Infinity;
      total = 0;
      sum = 0;
    },
  };
}
