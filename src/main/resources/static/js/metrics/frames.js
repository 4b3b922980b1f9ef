// Frame timing from a requestAnimationFrame loop that runs all the time: when the main
// thread is busy (parsing, rendering too often), frames come late and it shows here.

import { createLatencyRecorder } from './latency.js';
import { sleep } from '../lib/format.js';

/** Frame figures from the deltas recorded over `spanMs`; NaN where there were no frames. */
function statsOf(deltas, spanMs) {
  const count = deltas.count;
  if (count === 0) {
    return { frames: 0, fps: 0, frameMsP50: NaN, frameMsP99: NaN, droppedPct: NaN };
  }
  const median = deltas.percentile(50);
  return {
    frames: count,
    fps: spanMs > 0 ? (count * 1000) / spanMs : 0,
    frameMsP50: median,
    frameMsP99: deltas.percentile(99),
    droppedPct: (deltas.countAbove(median * 1.5) * 100) / count,
  };
}

/**
 * Starts a rAF loop. stats() reports since the last reset(): mean FPS, frame time p50/p99
 * and the share of dropped frames (deltas over 1.5x the median delta). recentFps() looks
 * only at the last second, for a live tile.
 */
export function createFrameMonitor() {
  const deltas = createLatencyRecorder();
  const recent = [];
  let firstAt = NaN;
  let lastAt = NaN;
  let handle = 0;
  let running = false;
  const listeners = new Set();

  function frame(now) {
    if (!running) {
      return;
    }
    if (!Number.isNaN(lastAt)) {
      deltas.record(now - lastAt);
    } else {
      firstAt = now;
    }
    lastAt = now;
    recent.push(now);
    while (recent.length > 0 && now - recent[0] > 1000) {
      recent.shift();
    }
    for (const listener of listeners) {
      listener(now);
    }
    handle = requestAnimationFrame(frame);
  }

  const monitor = {
    start() {
      if (!running) {
        running = true;
        lastAt = NaN;
        handle = requestAnimationFrame(frame);
      }
      return monitor;
    },
    stop() {
      running = false;
      cancelAnimationFrame(handle);
    },
    reset() {
      deltas.reset();
      firstAt = lastAt;
    },
    /** Calls listener(now) on every frame of this loop; returns an unsubscribe function. */
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Frames in the last second (the live FPS tile). */
    recentFps() {
      if (recent.length < 2) {
        return 0;
      }
      const span = recent[recent.length - 1] - recent[0];
      return span > 0 ? ((recent.length - 1) * 1000) / span : 0;
    },
    /** Since reset(): { frames, fps, frameMsP50, frameMsP99, droppedPct }. */
    stats: () => statsOf(deltas, lastAt - firstAt),
  };
  return monitor;
}

let shared = null;

/** One loop per page, shared by every dashboard on it (the race page has four). */
export function sharedFrameMonitor() {
  if (shared === null) {
    shared = createFrameMonitor().start();
  }
  return shared;
}

const paintChannel = new MessageChannel();
const paintQueue = [];
paintChannel.port1.onmessage = () => {
  const callback = paintQueue.shift();
  if (callback) {
    callback(performance.now());
  }
};

/**
 * Calls callback(nowMs) right after the next paint: rAF runs just before the frame is
 * painted, and a message posted from there is handled once the frame is done.
 */
export function afterPaint(callback) {
  requestAnimationFrame(() => afterThisFrame(callback));
}

/**
 * afterPaint for work done inside a requestAnimationFrame callback: the frame being made now
 * is the one that shows it. (afterPaint from there would wait for the next rAF, one whole
 * frame late, and every paint latency would be a frame too long.)
 */
export function afterThisFrame(callback) {
  paintQueue.push(callback);
  paintChannel.port2.postMessage(0);
}

/**
 * Checks that requestAnimationFrame runs near the display rate: frames come at a steady
 * period (the median) of at most 20 ms (50 Hz), and the mean rate is at least minShare of
 * it. A throttled or starved page would make every FPS and paint figure meaningless.
 * Resolves to { ok, fps, displayHz }.
 */
export async function checkFrameRate(monitor, minShare = 0.9) {
  let check = null;
  // up to three one-second tries: the page's own start-up may disturb the first
  for (let attempt = 0; attempt < 3 && !check?.ok; attempt++) {
    monitor.reset();
    await sleep(1000);
    const stats = monitor.stats();
    const displayHz = Number.isFinite(stats.frameMsP50) && stats.frameMsP50 > 0 ? 1000 / stats.frameMsP50 : 0;
    check = { ok: stats.frames >= 20 && displayHz >= 50 && stats.fps >= displayHz * minShare, fps: stats.fps, displayHz };
  }
  return check;
}
