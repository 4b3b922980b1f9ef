// The jobs page: the server's limits for the form come in data attributes.
import { createApp } from 'vue';
import { JobsPage } from '../components/JobsPage.js';

const element = document.getElementById('jobs');
createApp(JobsPage, {
  maxSteps: Number(element.dataset.maxSteps),
  minStepMillis: Number(element.dataset.minStepMillis),
  maxStepMillis: Number(element.dataset.maxStepMillis),
}).mount(element);
