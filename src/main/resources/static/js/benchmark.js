// The benchmark page: runs scenarios one at a time, each on a fresh benchmark feed, with the
// same dashboard component the transport pages use (only the adapter differs), and measures
// what DESIGN.md "Measurement method" asks for. The dashboard reports to us through its
// `probe` hooks; everything here is recorded in plain objects, never in Vue state, so that
// measuring does not add rendering work.
//
// Autorun (for the comparison run and tests):
//   /benchmark?transport=T[,T2]&rate=R&markers=M&duration=S&mode=coalesced|every&interval=MS&autorun=1
// sets window.benchResult (the first scenario; window.benchResults has all) and shows
// [data-testid=bench-done]; on failure window.benchError and [data-testid=bench-error].

import { defineComponent, markRaw, nextTick, onMounted, reactive } from 'vue';
import { Dashboard, TRANSPORT_COLORS } from './dashboard.js';
import { clockOffset, syncClock } from './metrics/clock.js';
import { createLatencyRecorder } from './metrics/latency.js';
import { sharedFrameMonitor } from './metrics/frames.js';
import { createCounter } from './metrics/counter.js';
import { t } from './i18n.js';
import { problemText } from './problem.js';

const TRANSPORTS = ['polling', 'long-polling', 'websocket', 'sse'];
const MODES = ['coalesced', 'every'];
/** How long the first event may take: page load, clock sync, connect, maybe a queue for a feed slot. */
const FIRST_EVENT_TIMEOUT_MS = 15000;
/** Events delivered before the end still get their paint recorded within this. */
const PAINT_GRACE_MS = 250;
const FPS_BUCKET_MS = 500;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function round(value, digits = 2) {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

function percentiles(recorder) {
  if (recorder.count === 0) {
    return null;
  }
  return {
    mean: round(recorder.mean),
    p50: round(recorder.percentile(50)),
    p95: round(recorder.percentile(95)),
    p99: round(recorder.percentile(99)),
    max: round(recorder.max),
  };
}

/** The page's settings from the URL, checked against what the server allows. */
export function settingsFromUrl(search) {
  const params = new URLSearchParams(search);
  const number = (name, fallback, min, max) => {
    const value = Number(params.get(name) ?? fallback);
    return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  };
  const transports = (params.get('transport') ?? params.get('transports') ?? 'websocket,sse')
    .split(',').map((name) => name.trim()).filter((name) => TRANSPORTS.includes(name));
  return {
    transports: transports.length > 0 ? transports : ['websocket', 'sse'],
    rate: number('rate', 100, 1, 1000),
    markers: number('markers', 100, 1, 1000),
    duration: number('duration', 10, 1, 600),
    mode: MODES.includes(params.get('mode')) ? params.get('mode') : 'coalesced',
    interval: number('interval', 100, 10, 60000),
    // the share of the display rate rAF must reach before measuring (see checkFrames)
    rafMin: Number(params.get('rafMin')) >= 0.1 && Number(params.get('rafMin')) <= 1 ? Number(params.get('rafMin')) : 0.9,
    autorun: params.get('autorun') === '1',
    post: params.get('post') === '1',
  };
}

/** A fresh feed for one scenario; waits (Retry-After) while the server has no free benchmark slot. */
async function createFeed(rate, markers, onWait) {
  const giveUpAt = performance.now() + 120000;
  for (;;) {
    const response = await fetch('/api/feeds', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rate, markers }),
    });
    if (response.status === 201) {
      return (await response.json()).id;
    }
    if (response.status === 429 && performance.now() < giveUpAt) {
      const seconds = Number(response.headers.get('Retry-After')) || 5;
      onWait(Math.min(seconds, 5));
      // unused feeds vanish after the server's idle timeout; look again soon
      await sleep(Math.min(seconds, 5) * 1000);
      continue;
    }
    throw new Error(await problemText(response));
  }
}

/**
 * A finished scenario's feed lives on until the server reaps it as idle; at 1000 events/s it
 * would load the machine during the next scenario. Slow it to 1 event/s (refused, and then
 * harmless, when the server guards feed changes with an admin token).
 */
async function slowDown(feed) {
  try {
    await fetch(`/api/feeds/${encodeURIComponent(feed)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rate: 1 }),
    });
  } catch (error) {
    // the feed vanishes anyway when idle
  }
}

async function wireStats(transport) {
  const response = await fetch('/api/stats', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`/api/stats: ${await problemText(response)}`);
  }
  return (await response.json())[transport];
}

/**
 * Checks that requestAnimationFrame runs near the display rate: frames come at a steady
 * period (the median) of at most 20 ms (50 Hz), and the mean rate is at least minShare
 * (default 0.9) of it. A throttled or starved page would make every FPS and paint figure
 * meaningless.
 */
async function checkFrames(frames, minShare) {
  let check = null;
  // up to three one-second tries: the page's own start-up may disturb the first
  for (let attempt = 0; attempt < 3; attempt++) {
    frames.reset();
    await sleep(1000);
    const stats = frames.stats();
    const displayHz = Number.isFinite(stats.frameMsP50) && stats.frameMsP50 > 0 ? 1000 / stats.frameMsP50 : 0;
    check = { ok: stats.frames >= 20 && displayHz >= 50 && stats.fps >= displayHz * minShare, fps: stats.fps, displayHz };
    if (check.ok) {
      break;
    }
  }
  return check;
}

export const Benchmark = defineComponent({
  name: 'TransportBenchmark',
  components: { Dashboard },
  setup() {
    const initial = settingsFromUrl(location.search);
    const state = reactive({
      form: {
        transports: [...initial.transports],
        rate: initial.rate,
        markers: initial.markers,
        duration: initial.duration,
        mode: initial.mode,
        interval: initial.interval,
      },
      running: false,
      done: false,
      error: null,
      // the scenario on screen: its dashboard is mounted while it runs
      current: null,
      progress: { index: 0, total: 0, phase: '', elapsed: 0, received: 0, fps: 0 },
      results: [],
      saved: [],
      saveStatus: '',
    });
    // plain: chart instances and per-scenario curves for the charts
    const plain = markRaw({ charts: {}, curves: [], scenarioNumber: 0 });
    const frames = sharedFrameMonitor();

    function scenarioLabel(result) {
      return `${t(`transport.${result.transport}`)} · ${result.rate}/s · ${result.markers} · ${t(`bench.mode.${result.mode}`)}`;
    }

    /** Runs one scenario with the dashboard; resolves to its benchResult. */
    async function runScenario(spec) {
      const progress = state.progress;
      progress.phase = t('bench.phase.feed');
      const feed = await createFeed(spec.rate, spec.markers, (seconds) => {
        progress.phase = t('bench.phase.waitFeed', seconds);
      });
      const before = await wireStats(spec.transport);

      const m = {
        counter: createCounter(),
        delivery: createLatencyRecorder(),
        paint: createLatencyRecorder(),
        fpsSeries: [],
        firstEvent: null,
        startedAt: NaN,
        delivering: true,
        painting: true,
      };
      let firstEventArrived;
      m.firstEvent = new Promise((resolve) => {
        firstEventArrived = resolve;
      });
      const probe = markRaw({
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
      });

      progress.phase = t('bench.phase.connect');
      state.current = {
        key: ++plain.scenarioNumber,
        transport: spec.transport,
        feed,
        everyEvent: spec.mode === 'every',
        interval: spec.interval,
        probe,
      };
      const timedOut = sleep(FIRST_EVENT_TIMEOUT_MS).then(() => 'timeout');
      if ((await Promise.race([m.firstEvent, timedOut])) === 'timeout') {
        state.current = null;
        throw new Error(t('bench.error.noEvent', FIRST_EVENT_TIMEOUT_MS / 1000));
      }

      // the measurement window starts with the first event
      progress.phase = t('bench.phase.measure');
      frames.reset();
      let bucketFrames = 0;
      let bucketStart = performance.now();
      const unsubscribe = frames.onFrame((now) => {
        bucketFrames++;
        if (now - bucketStart >= FPS_BUCKET_MS) {
          m.fpsSeries.push({ t: round((now - m.startedAt) / 1000, 1), fps: round((bucketFrames * 1000) / (now - bucketStart), 1) });
          bucketFrames = 0;
          bucketStart = now;
        }
      });
      const durationMs = spec.duration * 1000;
      while (performance.now() - m.startedAt < durationMs) {
        await sleep(Math.min(250, durationMs - (performance.now() - m.startedAt)));
        progress.elapsed = Math.min(spec.duration, (performance.now() - m.startedAt) / 1000);
        progress.received = m.counter.received;
        progress.fps = Math.round(frames.recentFps());
      }
      m.delivering = false;
      const windowS = (performance.now() - m.startedAt) / 1000;
      const frameStats = frames.stats();
      unsubscribe();
      await sleep(PAINT_GRACE_MS);
      m.painting = false;

      progress.phase = t('bench.phase.wire');
      state.current = null;
      await nextTick();
      await slowDown(feed);
      // let the closed connection's last writes be counted
      await sleep(300);
      const after = await wireStats(spec.transport);
      const offset = clockOffset();

      const result = {
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
        droppedFramesPct: round(frameStats.droppedPct) ?? 0,
        bytes: after.bytes - before.bytes,
        requests: after.requests - before.requests,
        wireEvents: after.events - before.events,
        clockOffsetMs: round(offset.offsetMs, 3),
        clockRttMs: round(offset.rttMs, 3),
        userAgent: navigator.userAgent.slice(0, 400),
      };
      plain.curves.push({
        label: scenarioLabel(result),
        transport: result.transport,
        distribution: Array.from({ length: 100 }, (_, i) => round(m.paint.percentile(i + 1))),
        fpsSeries: m.fpsSeries,
      });
      return result;
    }

    /** Runs the form's scenarios; with post, saves them before showing done (the autorun contract). */
    async function run({ post = false } = {}) {
      if (state.running) {
        return [];
      }
      const form = state.form;
      const specs = form.transports.map((transport) => ({
        transport,
        rate: Number(form.rate),
        markers: Number(form.markers),
        duration: Number(form.duration),
        mode: form.mode,
        interval: Number(form.interval),
      }));
      Object.assign(state, { running: true, done: false, error: null, results: [], saveStatus: '' });
      window.benchResult = undefined;
      window.benchResults = undefined;
      window.benchError = undefined;
      plain.curves = [];
      Object.assign(state.progress, { index: 0, total: specs.length, phase: t('bench.phase.clock'), elapsed: 0, received: 0, fps: 0 });
      try {
        await syncClock(8);
        state.progress.phase = t('bench.phase.frames');
        const frameCheck = await checkFrames(frames, initial.rafMin);
        if (!frameCheck.ok) {
          throw new Error(t('bench.error.frames', Math.round(frameCheck.fps), Math.round(frameCheck.displayHz)));
        }
        const results = [];
        for (const spec of specs) {
          state.progress.index++;
          Object.assign(state.progress, { elapsed: 0, received: 0, fps: 0, duration: spec.duration, transport: spec.transport });
          // one scenario at a time, and a clock estimate fresh for each
          await syncClock(8);
          const result = await runScenario(spec);
          results.push(result);
          state.results.push(result);
        }
        // the contract: benchResult (and the saved results) exist before bench-done shows
        window.benchResults = results;
        window.benchResult = results[0];
        if (post) {
          await save();
        }
        state.done = true;
        return results;
      } catch (error) {
        window.benchError = error.message ?? String(error);
        state.error = window.benchError;
        throw error;
      } finally {
        state.current = null;
        state.running = false;
        await nextTick();
        drawCharts();
      }
    }

    async function save() {
      let saved = 0;
      for (const result of state.results) {
        const response = await fetch('/api/bench/results', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(result),
        });
        if (!response.ok) {
          state.saveStatus = t('bench.save.failed', await problemText(response));
          return;
        }
        saved++;
      }
      state.saveStatus = t('bench.save.done', saved);
      await loadSaved();
    }

    async function loadSaved() {
      const response = await fetch('/api/bench/results?limit=20', { cache: 'no-store' });
      if (response.ok) {
        state.saved = (await response.json()).results;
      }
    }

    function chart(id, config) {
      plain.charts[id]?.destroy();
      const canvas = document.getElementById(id);
      if (canvas && window.Chart) {
        // readable on the lab's dark background
        window.Chart.defaults.color = '#cbd5e1';
        window.Chart.defaults.borderColor = 'rgba(148, 163, 184, 0.2)';
        plain.charts[id] = new window.Chart(canvas, config);
      }
    }

    function drawCharts() {
      if (plain.curves.length === 0) {
        return;
      }
      const axisTitle = (text) => ({ display: true, text });
      chart('bench-latency-chart', {
        type: 'line',
        data: {
          labels: Array.from({ length: 100 }, (_, i) => i + 1),
          datasets: plain.curves.map((curve) => ({
            label: curve.label, data: curve.distribution, borderColor: TRANSPORT_COLORS[curve.transport],
            backgroundColor: TRANSPORT_COLORS[curve.transport], pointRadius: 0, borderWidth: 2,
          })),
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: { x: { title: axisTitle(t('bench.chart.percentile')) }, y: { title: axisTitle(t('bench.chart.paintMs')), beginAtZero: true } },
        },
      });
      chart('bench-fps-chart', {
        type: 'line',
        data: {
          datasets: plain.curves.map((curve) => ({
            label: curve.label, data: curve.fpsSeries.map((point) => ({ x: point.t, y: point.fps })),
            borderColor: TRANSPORT_COLORS[curve.transport], backgroundColor: TRANSPORT_COLORS[curve.transport],
            pointRadius: 0, borderWidth: 2,
          })),
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
          scales: {
            x: { type: 'linear', title: axisTitle(t('bench.chart.seconds')) },
            y: { title: axisTitle(t('bench.chart.fps')), beginAtZero: true, suggestedMax: 70 },
          },
        },
      });
    }

    function formatMs(value) {
      if (value === null || value === undefined || !Number.isFinite(value)) {
        return '—';
      }
      return value >= 100 ? value.toFixed(0) : value.toFixed(1);
    }

    onMounted(async () => {
      await loadSaved();
      if (!initial.autorun) {
        return;
      }
      // run() sets window.benchResult or window.benchError itself
      await run({ post: initial.post }).catch(() => {});
    });

    return {
      state, t, run, save, loadSaved, formatMs, scenarioLabel, TRANSPORTS, MODES,
      color: (transport) => TRANSPORT_COLORS[transport],
    };
  },
  template: `
<section class="benchmark">
  <form class="bench-form" @submit.prevent="run().catch(() => {})" data-testid="bench-form">
    <fieldset class="bench-transports">
      <legend>{{ t('bench.form.transports') }}</legend>
      <label v-for="name in TRANSPORTS" :key="name" class="checkbox" :style="{ '--accent': color(name) }">
        <input type="checkbox" :value="name" v-model="state.form.transports" :data-testid="'bench-transport-' + name"
               :disabled="state.running"> {{ t('transport.' + name) }}
      </label>
    </fieldset>
    <label class="control-field">{{ t('bench.form.rate') }}
      <input type="number" min="1" max="1000" v-model.number="state.form.rate" data-testid="bench-rate" :disabled="state.running"></label>
    <label class="control-field">{{ t('bench.form.markers') }}
      <input type="number" min="1" max="1000" v-model.number="state.form.markers" data-testid="bench-markers" :disabled="state.running"></label>
    <label class="control-field">{{ t('bench.form.duration') }}
      <input type="number" min="1" max="600" v-model.number="state.form.duration" data-testid="bench-duration" :disabled="state.running"></label>
    <label class="control-field">{{ t('bench.form.interval') }}
      <input type="number" min="10" max="60000" v-model.number="state.form.interval" data-testid="bench-interval" :disabled="state.running"></label>
    <label class="control-field">{{ t('bench.form.mode') }}
      <select v-model="state.form.mode" data-testid="bench-mode" :disabled="state.running">
        <option v-for="mode in MODES" :key="mode" :value="mode">{{ t('bench.mode.' + mode) }}</option>
      </select></label>
    <button type="submit" class="button" data-testid="bench-run"
            :disabled="state.running || state.form.transports.length === 0">{{ t('bench.form.run') }}</button>
  </form>

  <div v-if="state.running" class="bench-progress" data-testid="bench-progress">
    <b>{{ t('bench.progress.scenario', state.progress.index, state.progress.total) }}</b>
    <span v-if="state.progress.transport"> {{ t('transport.' + state.progress.transport) }}</span>
    · <span>{{ state.progress.phase }}</span>
    · <span>{{ t('bench.progress.elapsed', state.progress.elapsed.toFixed(1), state.progress.duration ?? '?') }}</span>
    · <span>{{ t('bench.progress.received', state.progress.received) }}</span>
    · <span>{{ t('bench.progress.fps', state.progress.fps) }}</span>
    <progress :max="state.progress.duration || 1" :value="state.progress.elapsed"></progress>
  </div>
  <p v-if="state.error" class="bench-error bad" data-testid="bench-error">{{ t('bench.error.title') }}: {{ state.error }}</p>
  <p v-if="state.done" class="bench-done" data-testid="bench-done">{{ t('bench.done', state.results.length) }}</p>

  <Dashboard v-if="state.current" :key="state.current.key" :transport="state.current.transport" :feed="state.current.feed"
             :render-every-event="state.current.everyEvent" :interval="state.current.interval" :probe="state.current.probe"
             :wire-size="3" />

  <div v-if="state.results.length > 0" class="bench-results">
    <h2>{{ t('bench.results.title') }}</h2>
    <table class="bench-table" data-testid="bench-results">
      <thead><tr>
        <th>{{ t('bench.col.scenario') }}</th><th>{{ t('bench.col.paint') }}</th><th>{{ t('bench.col.delivery') }}</th>
        <th>{{ t('bench.col.fps') }}</th><th>{{ t('bench.col.frames') }}</th><th>{{ t('bench.col.dropped') }}</th>
        <th>{{ t('bench.col.received') }}</th><th>{{ t('bench.col.lost') }}</th><th>{{ t('bench.col.duplicates') }}</th>
        <th>{{ t('bench.col.bytes') }}</th><th>{{ t('bench.col.requests') }}</th>
      </tr></thead>
      <tbody>
        <tr v-for="result in state.results" :key="result.transport + result.mode" :data-transport="result.transport">
          <td>{{ scenarioLabel(result) }}</td>
          <td>{{ formatMs(result.latencyMs?.p50) }} / {{ formatMs(result.latencyMs?.p95) }} / {{ formatMs(result.latencyMs?.p99) }} / {{ formatMs(result.latencyMs?.max) }}</td>
          <td>{{ formatMs(result.deliveryMs?.p50) }} / {{ formatMs(result.deliveryMs?.p99) }}</td>
          <td>{{ result.fps.mean?.toFixed(1) }}</td>
          <td>{{ formatMs(result.frameMs.p50) }} / {{ formatMs(result.frameMs.p99) }}</td>
          <td>{{ result.droppedFramesPct.toFixed(1) }}</td>
          <td>{{ result.received }}</td>
          <td :class="{ bad: result.lost > 0 }">{{ result.lost }}</td>
          <td :class="{ bad: result.duplicates > 0 }">{{ result.duplicates }}</td>
          <td>{{ result.bytes }} ({{ result.wireEvents > 0 ? Math.round(result.bytes / result.wireEvents) : '—' }} {{ t('bench.perEvent') }})</td>
          <td>{{ result.requests }}</td>
        </tr>
      </tbody>
    </table>
    <p class="bench-note">{{ t('bench.results.note', state.results[0]?.clockOffsetMs ?? '—', state.results[0]?.clockRttMs ?? '—') }}</p>
    <button type="button" class="button" data-testid="bench-save" @click="save">{{ t('bench.save.button') }}</button>
    <span class="bench-save-status" data-testid="bench-save-status">{{ state.saveStatus }}</span>
  </div>

  <div v-show="state.results.length > 0" class="bench-charts">
    <figure><figcaption>{{ t('bench.chart.latencyTitle') }}</figcaption><div class="bench-chart"><canvas id="bench-latency-chart"></canvas></div></figure>
    <figure><figcaption>{{ t('bench.chart.fpsTitle') }}</figcaption><div class="bench-chart"><canvas id="bench-fps-chart"></canvas></div></figure>
  </div>

  <div class="bench-saved">
    <h2>{{ t('bench.saved.title') }} <button type="button" class="button button-small" @click="loadSaved">{{ t('bench.saved.refresh') }}</button></h2>
    <p v-if="state.saved.length === 0">{{ t('bench.saved.none') }}</p>
    <table v-else class="bench-table" data-testid="bench-saved">
      <thead><tr><th>#</th><th>{{ t('bench.col.when') }}</th><th>{{ t('bench.col.scenario') }}</th><th>{{ t('bench.col.paint') }}</th><th>{{ t('bench.col.fps') }}</th><th>{{ t('bench.col.lost') }}</th></tr></thead>
      <tbody>
        <tr v-for="entry in state.saved" :key="entry.id">
          <td>{{ entry.id }}</td><td>{{ new Date(entry.receivedAt).toLocaleString() }}</td>
          <td>{{ scenarioLabel(entry.result) }}</td>
          <td>{{ formatMs(entry.result.latencyMs?.p50) }} / {{ formatMs(entry.result.latencyMs?.p99) }}</td>
          <td>{{ entry.result.fps.mean?.toFixed(1) }}</td><td>{{ entry.result.lost }}</td>
        </tr>
      </tbody>
    </table>
  </div>
</section>`,
});

export default Benchmark;
