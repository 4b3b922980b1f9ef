// The race: the same dashboard four times, one per transport, on the same feed.
import { createApp, h } from 'vue';
import { Dashboard } from '../dashboard.js';
import { RateControl } from '../rate-control.js';

const TRANSPORTS = ['polling', 'long-polling', 'websocket', 'sse'];
const race = document.getElementById('race');
const feed = race.dataset.feed;

createApp({
  render: () => TRANSPORTS.map((transport) => h('div', { class: 'race-lane', 'data-testid': `panel-${transport}` },
    [h(Dashboard, { transport, feed, compact: true, key: transport })])),
}).mount(race);

createApp(RateControl, { feed }).mount('#rate-control');
