// The overview: the server renders the cards; this adds the live panel.
import { createApp } from 'vue';
import { OverviewLive } from '../components/OverviewLive.js';

const element = document.getElementById('overview-live');
createApp(OverviewLive, { feed: element.dataset.feed }).mount(element);
