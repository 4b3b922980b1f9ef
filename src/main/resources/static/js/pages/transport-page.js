// A transport page: the one dashboard, with this page's adapter.
import { createApp } from 'vue';
import { Dashboard } from '../dashboard.js';

const element = document.getElementById('dashboard');
const params = new URLSearchParams(location.search);
createApp(Dashboard, {
  transport: element.dataset.transport,
  feed: element.dataset.feed,
  renderEveryEvent: params.get('render') === 'every-event',
}).mount(element);
