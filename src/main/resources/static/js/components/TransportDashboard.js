// The one dashboard every transport page uses (and the race page, four times, and the
// benchmark page while it measures). Only the client adapter differs between pages; the
// logic is in composables/useDashboard.js.

import { defineComponent, ref } from 'vue';
import { useDashboard } from '../composables/useDashboard.js';
import { t } from '../lib/i18n.js';
import { labelOf } from '../transports/index.js';
import { DashboardControls } from './DashboardControls.js';
import { DashboardStats } from './DashboardStats.js';
import { EventLog } from './EventLog.js';
import { GapList } from './GapList.js';
import { IntervalControl } from './IntervalControl.js';
import { MetricTiles } from './MetricTiles.js';
import { ProtocolBadge } from './ProtocolBadge.js';
import { WireView } from './WireView.js';

export const TransportDashboard = defineComponent({
  name: 'TransportDashboard',
  components: {
    DashboardControls, DashboardStats, EventLog, GapList, IntervalControl, MetricTiles, ProtocolBadge, WireView,
  },
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
    const canvas = ref(null);
    return { ...useDashboard(props, canvas), canvas, t, label: labelOf(props.transport) };
  },
  template: `
<section class="dashboard" :class="['transport-' + transport, { compact }]"
         :data-transport="transport" :data-testid="'dashboard-' + transport" :data-seqs="panes.seqs">
  <header class="dashboard-bar">
    <h2 v-if="compact" class="dashboard-title">{{ label }}</h2>
    <span class="status" :class="'status-' + view.status" data-testid="status" :data-status="view.status"
          :data-reconnects="view.reconnects">{{ t('status.' + view.status) }}</span>
    <ProtocolBadge :transport="transport" :feed="feed" />
    <DashboardControls v-if="!compact" :view="view" :transport="transport"
                       @connect="connect" @disconnect="disconnect" @drop="drop" />
    <IntervalControl v-if="compact && transport === 'polling'" :view="view" />
  </header>
  <DashboardStats :view="view" />
  <GapList v-if="compact" :gaps="panes.gaps" :limit="1" />
  <div class="dashboard-body">
    <div class="map-frame"><canvas ref="canvas" class="map" :aria-label="t('map')"></canvas></div>
    <div v-if="!compact" class="side">
      <MetricTiles :tiles="tiles" />
      <EventLog :entries="panes.log" :gaps="panes.gaps" />
    </div>
  </div>
  <WireView v-if="!compact" :panes="panes" />
</section>`,
});
