// The overview's live panel: connected clients per transport, pushed over SSE by the server
// once a second (GET /api/clients), the HTTP version of the page, and the feed's rate control.

import { defineComponent, onBeforeUnmount, onMounted, reactive } from 'vue';
import { t } from '../lib/i18n.js';
import { TRANSPORT_KEYS, labelOf } from '../transports/index.js';
import { ProtocolBadge } from './ProtocolBadge.js';
import { RateControl } from './RateControl.js';

export const OverviewLive = defineComponent({
  name: 'OverviewLive',
  components: { ProtocolBadge, RateControl },
  props: { feed: { type: String, default: 'live' } },
  setup() {
    const state = reactive({ clients: {}, rate: null, markers: null, seq: null, connected: false });
    let source = null;
    onMounted(() => {
      source = new EventSource('/api/clients');
      source.addEventListener('clients', (message) => {
        Object.assign(state, JSON.parse(message.data), { connected: true });
      });
      source.onerror = () => {
        state.connected = false;
      };
    });
    onBeforeUnmount(() => source?.close());
    return { state, t, labelOf, transports: TRANSPORT_KEYS };
  },
  template: `
<section class="live-panel" :class="{ stale: !state.connected }">
  <h2>{{ t('overview.live') }} <span class="live-dot" :class="{ on: state.connected }"></span></h2>
  <p class="live-seq">{{ t('overview.seq') }} <b data-testid="feed-seq">{{ state.seq ?? '—' }}</b>
    · {{ t('overview.page') }} <ProtocolBadge /></p>
  <p v-if="state.log && state.log.state !== 'ok'" class="stat-note" data-testid="feed-log">{{ t('overview.logUnavailable') }}</p>
  <div class="counts">
    <a v-for="transport in transports" :key="transport" class="count" :class="'transport-' + transport"
       :href="'/' + transport">
      <b :data-testid="'clients-' + transport">{{ state.clients[transport] ?? '–' }}</b>
      <span>{{ labelOf(transport) }}</span>
    </a>
  </div>
  <p class="counts-note">{{ t('overview.clients') }}</p>
  <RateControl :feed="feed" />
</section>`,
});
