// The dashboard's logic: the adapter's callbacks feed the frame view (useFrameView), and the
// page's buttons open, close and drop the connection (useConnection).

import { onBeforeUnmount, onMounted } from 'vue';
import { syncClock } from '../metrics/clock.js';
import { createMapView } from '../lib/map-view.js';
import { t } from '../lib/i18n.js';
import { colorOf } from '../transports/index.js';
import { useConnection } from './useConnection.js';
import { useFrameView } from './useFrameView.js';

/** props: see TransportDashboard; canvas: the template ref of the map's canvas. */
export function useDashboard(props, canvas) {
  const { view, tiles, text, live, changed, reset, start } = useFrameView(props);

  function onEvent(event, rawText, receivedAtMs) {
    props.probe?.delivered(event, receivedAtMs);
    text.logSeq(event.seq);
    if (!live.counter.event(event)) {
      return;
    }
    live.map?.update(event.markers, performance.now());
    tiles.record(event.metrics);
    live.unpaintedTs.push(event.ts);
    if (!props.compact) {
      const m = event.metrics;
      text.addLog('event', `#${event.seq}  ${event.markers.length} ${t('markers')} · ${Math.round(m.throughput)} req/s · ${m.latency} ms`, receivedAtMs, event.seq);
    }
    changed();
  }

  function onGap(gap) {
    props.probe?.gap(gap);
    live.counter.gap(gap);
    text.addLog('gap', t('log.gap', gap.reason, gap.missed ?? '?', gap.resumeAfter));
    changed();
  }

  function onStatus(status) {
    view.status = status;
    if (status === 'reconnecting') {
      view.reconnects++;
    }
    text.addLog('status', t(`status.${status}`));
    changed(false);
  }

  function onReset() {
    reset();
    text.clearSeqs();
  }

  const connection = useConnection(props, view, { onEvent, onGap, onStatus, onWire: text.addWire, onReset });

  function drop() {
    if (connection.connected()) {
      text.addLog('drop', t('log.drop'));
      connection.drop();
    }
  }

  let stop = null;
  onMounted(async () => {
    live.map = createMapView(canvas.value, { accent: colorOf(props.transport) });
    stop = start();
    await syncClock(5);
    if (props.autoconnect) {
      connection.connect();
    }
  });
  window.addEventListener('pagehide', connection.disconnect);
  onBeforeUnmount(() => {
    window.removeEventListener('pagehide', connection.disconnect);
    stop?.();
    connection.disconnect();
  });

  return {
    view, tiles: tiles.tiles, panes: text.panes, drop,
    connect: connection.connect, disconnect: connection.disconnect, connected: connection.connected,
  };
}
