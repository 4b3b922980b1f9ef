// The run's charts with Chart.js (its webjar's UMD build, a global): the paint latency
// distribution and the frame rate over time, one line per scenario in its transport's colour.

import { defineComponent, markRaw, onMounted, watch } from 'vue';
import { t } from '../lib/i18n.js';
import { colorOf } from '../transports/index.js';

function line(curve, data) {
  const color = colorOf(curve.transport);
  return { label: curve.label, data, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2 };
}

function latencyChart(curves) {
  const axisTitle = (text) => ({ display: true, text });
  return {
    type: 'line',
    data: { labels: Array.from({ length: 100 }, (_, i) => i + 1), datasets: curves.map((curve) => line(curve, curve.distribution)) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { title: axisTitle(t('bench.chart.percentile')) }, y: { title: axisTitle(t('bench.chart.paintMs')), beginAtZero: true } },
    },
  };
}

function fpsChart(curves) {
  const axisTitle = (text) => ({ display: true, text });
  return {
    type: 'line',
    data: { datasets: curves.map((curve) => line(curve, curve.fpsSeries.map((point) => ({ x: point.t, y: point.fps })))) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: 'linear', title: axisTitle(t('bench.chart.seconds')) },
        y: { title: axisTitle(t('bench.chart.fps')), beginAtZero: true, suggestedMax: 70 },
      },
    },
  };
}

export const BenchCharts = defineComponent({
  name: 'BenchCharts',
  props: {
    /** () => [{ label, transport, distribution, fpsSeries }] (plain, not reactive) */
    curves: { type: Function, required: true },
    /** Changes when the curves are complete. */
    version: { type: Number, default: 0 },
    visible: { type: Boolean, default: false },
  },
  setup(props) {
    const charts = markRaw({});
    function chart(id, config) {
      charts[id]?.destroy();
      const canvas = document.getElementById(id);
      if (canvas && window.Chart) {
        // readable on the lab's dark background
        window.Chart.defaults.color = '#cbd5e1';
        window.Chart.defaults.borderColor = 'rgba(148, 163, 184, 0.2)';
        charts[id] = new window.Chart(canvas, config);
      }
    }
    function draw() {
      const curves = props.curves();
      if (curves.length > 0) {
        chart('bench-latency-chart', latencyChart(curves));
        chart('bench-fps-chart', fpsChart(curves));
      }
    }
    watch(() => props.version, draw, { flush: 'post' });
    onMounted(draw);
    return { t };
  },
  template: `
<div v-show="visible" class="bench-charts">
  <figure><figcaption>{{ t('bench.chart.latencyTitle') }}</figcaption><div class="bench-chart"><canvas id="bench-latency-chart"></canvas></div></figure>
  <figure><figcaption>{{ t('bench.chart.fpsTitle') }}</figcaption><div class="bench-chart"><canvas id="bench-fps-chart"></canvas></div></figure>
</div>`,
});
