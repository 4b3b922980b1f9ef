// The race: the same dashboard five times, one per transport, on the same feed.
import { createApp, h } from 'vue';
import { RateControl } from '../components/RateControl.js';
import { TransportDashboard } from '../components/TransportDashboard.js';
import { TRANSPORT_KEYS } from '../transports/index.js';

const race = document.getElementById('race');
const feed = race.dataset.feed;

createApp({
  render: () => TRANSPORT_KEYS.map((transport) => h('div', { class: 'race-lane', 'data-testid': `panel-${transport}` },
    [h(TransportDashboard, { transport, feed, compact: true, key: transport })])),
}).mount(race);

createApp(RateControl, { feed }).mount('#rate-control');
