// A transport page: the one dashboard, with this page's adapter.
import { createApp } from 'vue';
import { TransportDashboard } from '../components/TransportDashboard.js';

const element = document.getElementById('dashboard');
const params = new URLSearchParams(location.search);
createApp(TransportDashboard, {
  transport: element.dataset.transport,
  feed: params.get('feed') || element.dataset.feed, // ?feed=bench-private-N: a private feed (lib/token.js)
  renderEveryEvent: params.get('render') === 'every-event',
}).mount(element);
