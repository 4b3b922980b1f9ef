// A latency recorder: record(ms) many times, read percentiles. With `window` it keeps only
// the newest values (a live dashboard); without, everything since reset() (a benchmark run).

export function createLatencyRecorder({ window = 0 } = {}) {
  let values = [];
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
      if (window > 0 && values.length > window * 2) {
        // trim in chunks, not on every record
        values = values.slice(values.length - window);
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
      if (window > 0 && values.length > window) {
        data = Float64Array.from(values.slice(values.length - window)).sort();
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
      return data.length - lo;
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
      sorted = null;
      maxSeen = -Infinity;
      total = 0;
      sum = 0;
    },
  };
}
