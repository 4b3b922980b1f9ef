// The overview's live panel: connected clients per transport, pushed over SSE by the
// server once a second (GET /api/clients), and the feed's rate control.
import { createApp, onBeforeUnmount, onMounted, reactive } from 'vue';
import { RateControl } from '../rate-control.js';
import { TRANSPORT_COLORS } from '../dashboard.js';
import { t } from '../i18n.js';

const element = document.getElementById('overview-live');

createApp({
  components: { RateControl },
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
    return {
      state, t, feed: element.dataset.feed, colors: TRANSPORT_COLORS,
      transports: ['polling', 'long-polling', 'websocket', 'sse'],
    };
  },
  template: `
<section class="live-panel" :class="{ stale: !state.connected }">
  <h2>{{ t('overview.live') }} <span class="live-dot" :class="{ on: state.connected }"></span></h2>
  <p class="live-seq">{{ t('overview.seq') }} <b data-testid="feed-seq">{{ state.seq ?? '—' }}</b></p>
  <p v-if="state.log && state.log.state !== 'ok'" class="stat-note" data-testid="feed-log">{{ t('overview.logUnavailable') }}</p>
  <div class="counts">
    <a v-for="transport in transports" :key="transport" class="count" :href="'/' + transport"
       :style="{ '--accent': colors[transport] }">
      <b :data-testid="'clients-' + transport">{{ state.clients[transport] ?? '–' }}</b>
      <span>{{ t('transport.' + transport) }}</span>
    </a>
  </div>
  <p class="counts-note">{{ t('overview.clients') }}</p>
  <RateControl :feed="feed" />
</section>`,
}).mount(element);
