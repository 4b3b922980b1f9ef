// The benchmark page: runs scenarios one at a time, each on a fresh benchmark feed, with the
// same dashboard the transport pages use (only the adapter differs), and measures what
// docs/benchmark.md describes. The runs are in composables/useBenchmarkRun.js.

import { defineComponent } from 'vue';
import { useBenchmarkRun } from '../composables/useBenchmarkRun.js';
import { t } from '../lib/i18n.js';
import { BenchCharts } from './BenchCharts.js';
import { BenchForm } from './BenchForm.js';
import { BenchProgress } from './BenchProgress.js';
import { BenchResults } from './BenchResults.js';
import { BenchSaved } from './BenchSaved.js';
import { TransportDashboard } from './TransportDashboard.js';

export const BenchmarkPage = defineComponent({
  name: 'BenchmarkPage',
  components: { BenchCharts, BenchForm, BenchProgress, BenchResults, BenchSaved, TransportDashboard },
  setup() {
    return { ...useBenchmarkRun(), t };
  },
  template: `
<section class="benchmark">
  <BenchForm :form="state.form" :running="state.running" @run="start().catch(() => {})" />
  <BenchProgress v-if="state.running" :progress="state.progress" />
  <p v-if="state.error" class="bench-error bad" data-testid="bench-error">{{ t('bench.error.title') }}: {{ state.error }}</p>
  <p v-if="state.done" class="bench-done" data-testid="bench-done">{{ t('bench.done', state.results.length) }}</p>

  <TransportDashboard v-if="state.current" :key="state.current.key" :transport="state.current.transport"
                      :feed="state.current.feed" :render-every-event="state.current.everyEvent"
                      :interval="state.current.interval" :probe="state.current.probe" :wire-size="3" />

  <BenchResults v-if="state.results.length > 0" :results="state.results" :save-status="state.saveStatus" @save="save" />
  <BenchCharts :curves="curves" :version="state.chartsVersion" :visible="state.results.length > 0" />
  <BenchSaved :saved="state.saved" @refresh="loadSaved" />
</section>`,
});
