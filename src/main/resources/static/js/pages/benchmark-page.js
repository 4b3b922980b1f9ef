// The benchmark page: one component that runs scenarios with the shared dashboard.
import { createApp } from 'vue';
import { Benchmark } from '../benchmark.js';

createApp(Benchmark).mount(document.getElementById('benchmark'));
