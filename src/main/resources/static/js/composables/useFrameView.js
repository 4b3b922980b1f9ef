// What the dashboard shows, refreshed once per animation frame. Everything an event changes is
// first written to plain (non-reactive) state and marked changed(); Vue sees it in render(), at
// most once per frame, so a fast feed cannot make the page render more often than the screen
// refreshes. view.everyEvent ("render every event") renders on each change, to show the cost.

import { markRaw, reactive, watch } from 'vue';
import { serverNowMs } from '../metrics/clock.js';
import { createCounter } from '../metrics/counter.js';
import { afterPaint, afterThisFrame, sharedFrameMonitor } from '../metrics/frames.js';
import { createLatencyRecorder } from '../metrics/latency.js';
import { useMetricTiles } from './useMetricTiles.js';
import { useTextPanes } from './useTextPanes.js';

const STATS_EVERY_MS = 250;
/**
 * Latency p50/p95 cover the events painted in the last LATENCY_WINDOW_MS (at most the newest
 * LATENCY_MAX_EVENTS): a fixed count would take minutes to follow a change at 1 event/s.
 * The tiles' tooltip (js.stat.latencyHint) says so.
 */
const LATENCY_WINDOW_MS = 30_000;
const LATENCY_MAX_EVENTS = 10_000;

/** Records when the frame that shows the new events is on screen (inFrame: this very frame). */
function measurePaint(live, probe, inFrame) {
  const painted = live.unpaintedTs;
  if (painted.length === 0) {
    return;
  }
  live.unpaintedTs = [];
  (inFrame ? afterThisFrame : afterPaint)(() => {
    const now = serverNowMs();
    for (const ts of painted) {
      live.latency.record(now - ts / 1000);
      probe?.painted(ts, now);
    }
  });
}

/** props: see TransportDashboard (compact, wireSize, interval, renderEveryEvent, probe). */
export function useFrameView(props) {
  const view = reactive({
    status: 'closed', reconnects: 0, received: 0, lastSeq: null, lost: 0, gaps: 0, duplicates: 0,
    p50: NaN, p95: NaN, fps: 0, interval: props.interval, everyEvent: props.renderEveryEvent,
  });
  const tiles = useMetricTiles();
  const text = useTextPanes(props);
  // plain state: written on every event, read once per frame
  const live = markRaw({
    counter: createCounter(), latency: createLatencyRecorder({ window: LATENCY_MAX_EVENTS, maxAgeMs: LATENCY_WINDOW_MS }), unpaintedTs: [],
    dirty: false, statsAt: 0, map: null,
  });
  const frames = sharedFrameMonitor();
  // a new interval is a new experiment: its latency starts from nothing
  watch(() => view.interval, () => live.latency.reset());

  /** Copies the plain state into Vue's; inFrame: called from the rAF loop. */
  function render(inFrame = false) {
    live.dirty = false;
    const { received, lastSeq, lost, gaps, duplicates } = live.counter;
    Object.assign(view, { received, lastSeq, lost, gaps, duplicates });
    const now = performance.now();
    const refreshText = view.everyEvent || text.stale(now);
    tiles.refresh(refreshText);
    if (refreshText) {
      text.show(now);
    } else {
      text.defer();
    }
    measurePaint(live, props.probe, inFrame);
  }

  function onFrame(now) {
    live.map?.draw(now);
    if ((live.dirty || text.due(now)) && !view.everyEvent) {
      render(true);
    }
    if (now - live.statsAt > STATS_EVERY_MS) {
      live.statsAt = now;
      view.fps = Math.round(frames.recentFps());
      view.p50 = live.latency.percentile(50);
      view.p95 = live.latency.percentile(95);
    }
  }

  return {
    view, tiles, text, live,
    /** Something to show: at the next frame, or now when rendering every event. */
    changed(renderNow = view.everyEvent) {
      live.dirty = true;
      if (renderNow) {
        render();
      }
    },
    reset() {
      live.counter.reset();
      live.latency.reset();
      live.map?.clear();
      live.dirty = true;
    },
    /** Starts drawing on the page's shared frame loop; returns the function that stops it. */
    start: () => frames.onFrame(onFrame),
  };
}
