// What one benchmark scenario records while the dashboard runs (docs/benchmark.md): every
// delivered event (counts, delivery latency), every painted one (paint latency), the frame
// rate per half second; and the benchResult made of it (window.benchResult).

import { createCounter } from './counter.js';
import { createLatencyRecorder } from './latency.js';
import { round } from '../lib/format.js';

const FPS_BUCKET_MS = 500;

/** A fresh measurement; m.probe goes to the dashboard, m.firstEvent resolves at the first event. */
export function createScenarioMeasurement() {
  let firstEventArrived;
  const m = {
    counter: createCounter(), delivery: createLatencyRecorder(), paint: createLatencyRecorder(),
    fpsSeries: [], startedAt: NaN, delivering: true, painting: true,
    firstEvent: new Promise((resolve) => {
      firstEventArrived = resolve;
    }),
  };
  m.probe = {
    delivered(event, receivedAtMs) {
      if (!m.delivering) {
        return;
      }
      if (Number.isNaN(m.startedAt)) {
        m.startedAt = performance.now();
        firstEventArrived();
      }
      if (m.counter.event(event)) {
        m.delivery.record(receivedAtMs - event.ts / 1000);
      }
    },
    gap(notice) {
      if (m.delivering) {
        m.counter.gap(notice);
      }
    },
    painted(tsMicros, paintedAtMs) {
      if (m.painting && !Number.isNaN(m.startedAt)) {
        m.paint.record(paintedAtMs - tsMicros / 1000);
      }
    },
  };
  return m;
}

/** Adds { t, fps } to m.fpsSeries every half second; returns the function that stops it. */
export function sampleFps(m, frames) {
  let bucketFrames = 0;
  let bucketStart = performance.now();
  return frames.onFrame((now) => {
    bucketFrames++;
    if (now - bucketStart >= FPS_BUCKET_MS) {
      m.fpsSeries.push({ t: round((now - m.startedAt) / 1000, 1), fps: round((bucketFrames * 1000) / (now - bucketStart), 1) });
      bucketFrames = 0;
      bucketStart = now;
    }
  });
}

function percentiles(recorder) {
  if (recorder.count === 0) {
    return null;
  }
  const p = (n) => round(recorder.percentile(n));
  return { mean: round(recorder.mean), p50: p(50), p95: p(95), p99: p(99), max: round(recorder.max) };
}

/** Paint latency at percentiles 1..100, for the distribution chart. */
export function paintCurve(m) {
  return Array.from({ length: 100 }, (_, i) => round(m.paint.percentile(i + 1)));
}

/**
 * The benchResult of a finished scenario. frameStats must hold frames (a scenario without
 * any is an error, not "0 % dropped"); before/after: the server's counters around it.
 */
export function scenarioResult(spec, m, { windowS, frameStats, before, after, offset }) {
  return {
    transport: spec.transport,
    rate: spec.rate,
    markers: spec.markers,
    durationS: round(windowS),
    mode: spec.mode,
    intervalMs: spec.transport === 'polling' ? spec.interval : null,
    received: m.counter.received,
    lost: m.counter.lost,
    duplicates: m.counter.duplicates,
    latencyMs: percentiles(m.paint),
    deliveryMs: percentiles(m.delivery),
    fps: { mean: round(frameStats.fps) },
    frameMs: { p50: round(frameStats.frameMsP50), p99: round(frameStats.frameMsP99) },
    droppedFramesPct: round(frameStats.droppedPct),
    bytes: after.bytes - before.bytes,
    requests: after.requests - before.requests,
    wireEvents: after.events - before.events,
    clockOffsetMs: round(offset.offsetMs, 3),
    clockRttMs: round(offset.rttMs, 3),
    userAgent: navigator.userAgent.slice(0, 400),
  };
}
