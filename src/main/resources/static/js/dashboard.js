// The one dashboard component every transport page uses (and the race page, four times).
// Only the client adapter differs between pages. Everything an event changes is first
// written to plain (non-reactive) state; Vue sees it once per animation frame, so a fast
// feed cannot make the page render more often than the screen refreshes. The switch
// "render every event" turns that off, to show what it costs.

import { defineComponent, markRaw, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { syncClock, serverNowMs } from './metrics/clock.js';
import { createLatencyRecorder } from './metrics/latency.js';
import { afterPaint, afterThisFrame, sharedFrameMonitor } from './metrics/frames.js';
import { createCounter } from './metrics/counter.js';
import { createMapView } from './map-view.js';
import { t } from './i18n.js';
import * as polling from './transports/polling.js';
import * as longPolling from './transports/long-polling.js';
import * as websocket from './transports/websocket.js';
import * as sse from './transports/sse.js';

export const ADAPTERS = { polling, 'long-polling': longPolling, websocket, sse };

export const TRANSPORT_COLORS = {
  polling: '#fbbf24',
  'long-polling': '#fb923c',
  websocket: '#34d399',
  sse: '#38bdf8',
};

const METRICS = [
  { key: 'throughput', unit: 'req/s', digits: 0 },
  { key: 'latency', unit: 'ms', digits: 1 },
  { key: 'errors', unit: '%', digits: 2 },
  { key: 'cpu', unit: '%', digits: 1 },
];

const HISTORY = 120;
const LOG_SIZE = 8;
const WIRE_TEXT_LIMIT = 700;
const STATS_EVERY_MS = 250;
// The log, the wire view and the sparklines are for reading, not for motion: refreshing them a
// few times a second keeps each frame's work (and so the paint latency) small at high rates.
const TEXT_EVERY_MS = 200;

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

function clockTime(ms) {
  const date = new Date(ms);
  return date.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

function formatMs(value) {
  if (!Number.isFinite(value)) {
    return '—';
  }
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export const Dashboard = defineComponent({
  name: 'TransportDashboard',
  props: {
    transport: { type: String, required: true },
    feed: { type: String, default: 'live' },
    /** The race page: numbers and map only. */
    compact: { type: Boolean, default: false },
    autoconnect: { type: Boolean, default: true },
    /** Start with one render per event instead of one per frame. */
    renderEveryEvent: { type: Boolean, default: false },
    /** Wire view: how many of the newest messages to show. */
    wireSize: { type: Number, default: 10 },
    /** Short polling: ms between an answer and the next request (the page's selector starts here). */
    interval: { type: Number, default: 1000 },
    /**
     * The benchmark page's measuring hooks (optional, markRaw'd): delivered(event, receivedAtMs)
     * for every message handed over (duplicates too), gap(notice), painted(tsMicros, paintedAtMs)
     * once the frame showing an event is on screen. Same clock as event ts (metrics/clock.js).
     */
    probe: { type: Object, default: null },
  },
  setup(props) {
    const view = reactive({
      status: 'closed',
      reconnects: 0,
      received: 0,
      lastSeq: null,
      lost: 0,
      gaps: 0,
      duplicates: 0,
      p50: NaN,
      p95: NaN,
      fps: 0,
      metrics: METRICS.map((metric) => ({ ...metric, value: NaN, points: '' })),
      log: [],
      wire: [],
      wireBytes: 0,
      wireMessages: 0,
      interval: props.interval,
      everyEvent: props.renderEveryEvent,
    });
    const canvas = ref(null);

    // plain state: written on every event, read once per frame
    const live = markRaw({
      counter: createCounter(),
      latency: createLatencyRecorder({ window: 500 }),
      history: Object.fromEntries(METRICS.map((metric) => [metric.key, []])),
      latestMetrics: null,
      unpaintedTs: [],
      log: [],
      wire: [],
      wireBytes: 0,
      wireMessages: 0,
      logNumber: 0,
      dirty: false,
      statsAt: 0,
      textAt: 0,
      textDirty: false,
      handle: null,
      options: null,
      map: null,
    });
    const frames = sharedFrameMonitor();

    function addLog(kind, text, atMs = serverNowMs()) {
      live.log.unshift({ id: ++live.logNumber, kind, time: clockTime(atMs), text });
      if (live.log.length > LOG_SIZE) {
        live.log.length = LOG_SIZE;
      }
      live.dirty = true;
    }

    function onEvent(event, rawText, receivedAtMs) {
      props.probe?.delivered(event, receivedAtMs);
      if (!live.counter.event(event)) {
        return;
      }
      live.map?.update(event.markers, performance.now());
      live.latestMetrics = event.metrics;
      for (const metric of METRICS) {
        const series = live.history[metric.key];
        series.push(event.metrics[metric.key]);
        if (series.length > HISTORY) {
          series.shift();
        }
      }
      live.unpaintedTs.push(event.ts);
      if (!props.compact) {
        const m = event.metrics;
        addLog('event', `#${event.seq}  ${event.markers.length} ${t('markers')} · ${Math.round(m.throughput)} req/s · ${m.latency} ms`, receivedAtMs);
      }
      live.dirty = true;
      if (view.everyEvent) {
        render();
      }
    }

    function onGap(gap) {
      props.probe?.gap(gap);
      live.counter.gap(gap);
      addLog('gap', t('log.gap', gap.reason, gap.missed ?? '?', gap.resumeAfter));
      if (view.everyEvent) {
        render();
      }
    }

    function onStatus(status) {
      view.status = status;
      if (status === 'reconnecting') {
        view.reconnects++;
      }
      addLog('status', t(`status.${status}`));
    }

    function onWire(message) {
      live.wireMessages++;
      live.wireBytes += message.bytes;
      if (props.compact) {
        return;
      }
      live.wire.unshift({
        id: live.wireMessages,
        kind: message.kind,
        bytes: message.bytes,
        time: clockTime(message.atMs),
        text: message.text.length > WIRE_TEXT_LIMIT ? message.text.slice(0, WIRE_TEXT_LIMIT) + ' …' : message.text,
      });
      if (live.wire.length > props.wireSize) {
        live.wire.length = props.wireSize;
      }
    }

    /**
     * Copies the plain state into Vue's, then measures when the result is on screen.
     * inFrame: called from the rAF loop, so this very frame shows it.
     */
    function render(inFrame = false) {
      live.dirty = false;
      const counter = live.counter;
      view.received = counter.received;
      view.lastSeq = counter.lastSeq;
      view.lost = counter.lost;
      view.gaps = counter.gaps;
      view.duplicates = counter.duplicates;
      const now = performance.now();
      const refreshText = view.everyEvent || now - live.textAt >= TEXT_EVERY_MS;
      if (live.latestMetrics) {
        for (const tile of view.metrics) {
          tile.value = live.latestMetrics[tile.key];
          if (refreshText) {
            tile.points = sparkline(live.history[tile.key]);
          }
        }
      }
      live.textDirty = !refreshText;
      if (refreshText) {
        live.textAt = now;
        view.log = live.log.slice();
        view.wire = live.wire.slice();
        view.wireBytes = live.wireBytes;
        view.wireMessages = live.wireMessages;
      }
      const painted = live.unpaintedTs;
      if (painted.length > 0) {
        live.unpaintedTs = [];
        (inFrame ? afterThisFrame : afterPaint)(() => {
          const now = serverNowMs();
          for (const ts of painted) {
            live.latency.record(now - ts / 1000);
            props.probe?.painted(ts, now);
          }
        });
      }
    }

    function onFrame(now) {
      live.map?.draw(now);
      if ((live.dirty || (live.textDirty && now - live.textAt >= TEXT_EVERY_MS)) && !view.everyEvent) {
        render(true);
      }
      if (now - live.statsAt > STATS_EVERY_MS) {
        live.statsAt = now;
        view.fps = Math.round(frames.recentFps());
        view.p50 = live.latency.percentile(50);
        view.p95 = live.latency.percentile(95);
      }
    }

    function connect() {
      disconnect();
      live.counter.reset();
      live.latency.reset();
      live.map?.clear();
      live.options = { feed: props.feed, interval: view.interval, onEvent, onGap, onStatus, onWire };
      live.handle = ADAPTERS[props.transport].connect(live.options);
      live.dirty = true;
    }

    function disconnect() {
      if (live.handle) {
        live.handle.close();
        live.handle = null;
      }
    }

    function drop() {
      if (live.handle) {
        addLog('drop', t('log.drop'));
        live.handle.drop();
      }
    }

    watch(() => view.interval, (interval) => {
      if (live.options) {
        live.options.interval = Number(interval);
      }
    });

    let unsubscribe = null;
    onMounted(async () => {
      live.map = createMapView(canvas.value, { accent: TRANSPORT_COLORS[props.transport] });
      unsubscribe = frames.onFrame(onFrame);
      await syncClock(5);
      if (props.autoconnect) {
        connect();
      }
    });
    onBeforeUnmount(() => {
      unsubscribe?.();
      disconnect();
    });
    window.addEventListener('pagehide', disconnect);

    return {
      view, canvas, t, connect, disconnect, drop, formatMs,
      connected: () => live.handle !== null,
      color: TRANSPORT_COLORS[props.transport],
      intervals: [100, 250, 500, 1000, 2000, 5000],
    };
  },
  template: `
<section class="dashboard" :class="['transport-' + transport, { compact }]" :style="{ '--accent': color }"
         :data-transport="transport" :data-testid="'dashboard-' + transport">
  <header class="dashboard-bar">
    <h2 v-if="compact" class="dashboard-title">{{ t('transport.' + transport) }}</h2>
    <span class="status" :class="'status-' + view.status" data-testid="status" :data-status="view.status" :data-reconnects="view.reconnects">{{ t('status.' + view.status) }}</span>
    <div v-if="!compact" class="controls">
      <button type="button" class="button" data-testid="connect" @click="connect"
              :disabled="view.status !== 'closed'">{{ t('control.connect') }}</button>
      <button type="button" class="button" data-testid="disconnect" @click="disconnect"
              :disabled="view.status === 'closed'">{{ t('control.disconnect') }}</button>
      <button type="button" class="button button-warn" data-testid="drop" @click="drop"
              :disabled="view.status === 'closed'">{{ t('control.drop') }}</button>
      <label v-if="transport === 'polling'" class="control-field">{{ t('control.interval') }}
        <select v-model.number="view.interval" data-testid="interval">
          <option v-for="ms in intervals" :key="ms" :value="ms">{{ ms }} ms</option>
        </select>
      </label>
      <label class="control-field checkbox"><input type="checkbox" v-model="view.everyEvent" data-testid="every-event">
        {{ t('control.everyEvent') }}</label>
    </div>
  </header>

  <div class="stats">
    <div class="stat"><span class="stat-label">{{ t('stat.received') }}</span>
      <span class="stat-value" data-testid="received">{{ view.received }}</span></div>
    <div class="stat"><span class="stat-label">{{ t('stat.lastSeq') }}</span>
      <span class="stat-value" data-testid="last-seq">{{ view.lastSeq ?? '—' }}</span></div>
    <div class="stat" :class="{ bad: view.lost > 0 }"><span class="stat-label">{{ t('stat.lost') }}</span>
      <span class="stat-value"><span data-testid="lost">{{ view.lost }}</span><small v-if="view.gaps > 0" class="stat-note" data-testid="gaps"> · {{ t('stat.gaps', view.gaps) }}</small></span></div>
    <div class="stat"><span class="stat-label">{{ t('stat.latencyP50') }}</span>
      <span class="stat-value"><span data-testid="latency-p50">{{ formatMs(view.p50) }}</span><small class="unit">ms</small></span></div>
    <div class="stat"><span class="stat-label">{{ t('stat.latencyP95') }}</span>
      <span class="stat-value"><span data-testid="latency-p95">{{ formatMs(view.p95) }}</span><small class="unit">ms</small></span></div>
    <div class="stat"><span class="stat-label">{{ t('stat.fps') }}</span>
      <span class="stat-value" data-testid="fps">{{ view.fps }}</span></div>
  </div>

  <div class="dashboard-body">
    <div class="map-frame"><canvas ref="canvas" class="map" :aria-label="t('map')"></canvas></div>
    <div v-if="!compact" class="side">
      <div class="tiles">
        <div v-for="tile in view.metrics" :key="tile.key" class="tile">
          <span class="tile-label">{{ t('metric.' + tile.key) }}</span>
          <span class="tile-value">{{ Number.isFinite(tile.value) ? tile.value.toFixed(tile.digits) : '—' }}<small class="unit">{{ tile.unit }}</small></span>
          <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
            <polyline :points="tile.points" />
          </svg>
        </div>
      </div>
      <div class="log">
        <h3>{{ t('log.title') }}</h3>
        <ol data-testid="event-log">
          <li v-for="entry in view.log" :key="entry.id" :class="'log-' + entry.kind">
            <time>{{ entry.time }}</time> <span>{{ entry.text }}</span>
          </li>
        </ol>
      </div>
    </div>
  </div>

  <div v-if="!compact" class="wire">
    <h3>{{ t('wire.title') }} <small>{{ t('wire.summary', view.wireMessages, view.wireBytes) }}</small></h3>
    <ol data-testid="wire">
      <li v-for="message in view.wire" :key="message.id" class="wire-message">
        <div class="wire-head"><time>{{ message.time }}</time> <b>{{ message.kind }}</b> <span>{{ t('wire.bytes', message.bytes) }}</span></div>
        <pre>{{ message.text }}</pre>
      </li>
    </ol>
  </div>
</section>`,
});

export default Dashboard;
