// The benchmark page: one component that runs scenarios with the shared dashboard.
import { createApp } from 'vue';
import { BenchmarkPage } from '../components/BenchmarkPage.js';

createApp(BenchmarkPage).mount(document.getElementById('benchmark'));
