// One benchmark scenario: a fresh feed, the dashboard mounted on it with the measuring probe,
// a window of `duration` seconds from the first event, then the server's counters.

import { markRaw, nextTick } from 'vue';
import { clockOffset } from '../metrics/clock.js';
import { createScenarioMeasurement, paintCurve, sampleFps, scenarioResult } from '../metrics/scenario.js';
import { createFeed, slowDown, wireStats } from '../lib/bench-api.js';
import { scenarioLabel } from '../lib/bench-settings.js';
import { sleep } from '../lib/format.js';
import { t } from '../lib/i18n.js';

/** How long the first event may take: page load, clock sync, connect, maybe a queue for a feed slot. */
const FIRST_EVENT_TIMEOUT_MS = 15000;
/** Events delivered before the end still get their paint recorded within this. */
const PAINT_GRACE_MS = 250;

/** The measurement window: from the first event for spec.duration seconds. */
async function measureWindow(run, spec, m) {
  const { progress } = run.state;
  progress.phase = t('bench.phase.measure');
  run.frames.reset();
  const stopSampling = sampleFps(m, run.frames);
  const durationMs = spec.duration * 1000;
  while (performance.now() - m.startedAt < durationMs) {
    await sleep(Math.min(250, durationMs - (performance.now() - m.startedAt)));
    progress.elapsed = Math.min(spec.duration, (performance.now() - m.startedAt) / 1000);
    progress.received = m.counter.received;
    progress.fps = Math.round(run.frames.recentFps());
  }
  m.delivering = false;
  const windowS = (performance.now() - m.startedAt) / 1000;
  const frameStats = run.frames.stats();
  stopSampling();
  await sleep(PAINT_GRACE_MS);
  m.painting = false;
  return { windowS, frameStats };
}

/**
 * Runs one scenario; resolves to its benchResult and adds its curves to run.plain.curves.
 * run: { state (reactive: progress, current), plain, frames }.
 */
export async function runScenario(run, spec) {
  const { state, plain } = run;
  state.progress.phase = t('bench.phase.feed');
  const feed = await createFeed(spec.rate, spec.markers, (seconds) => {
    state.progress.phase = t('bench.phase.waitFeed', seconds);
  });
  const before = await wireStats(spec.transport);
  const m = createScenarioMeasurement();

  state.progress.phase = t('bench.phase.connect');
  state.current = {
    key: ++plain.scenarioNumber, transport: spec.transport, feed, everyEvent: spec.mode === 'every',
    interval: spec.interval, probe: markRaw(m.probe),
  };
  const timedOut = sleep(FIRST_EVENT_TIMEOUT_MS).then(() => 'timeout');
  if ((await Promise.race([m.firstEvent, timedOut])) === 'timeout') {
    state.current = null;
    throw new Error(t('bench.error.noEvent', FIRST_EVENT_TIMEOUT_MS / 1000));
  }
  const { windowS, frameStats } = await measureWindow(run, spec, m);

  state.progress.phase = t('bench.phase.wire');
  state.current = null;
  await nextTick();
  await slowDown(feed);
  // let the closed connection's last writes be counted
  await sleep(300);
  const after = await wireStats(spec.transport);
  if (frameStats.frames === 0) {
    // no frame, no FPS or dropped-frame figure: reporting 0 % dropped would be a lie
    throw new Error(t('bench.error.noFrames', windowS.toFixed(1)));
  }
  const result = scenarioResult(spec, m, { windowS, frameStats, before, after, offset: clockOffset() });
  plain.curves.push({ label: scenarioLabel(result), transport: result.transport, distribution: paintCurve(m), fpsSeries: m.fpsSeries });
  return result;
}
