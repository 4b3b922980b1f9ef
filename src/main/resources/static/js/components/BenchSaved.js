// The newest results saved on this server (POST /api/bench/results), from any browser.

import { defineComponent } from 'vue';
import { scenarioLabel } from '../lib/bench-settings.js';
import { formatMs } from '../lib/format.js';
import { t } from '../lib/i18n.js';

export const BenchSaved = defineComponent({
  name: 'BenchSaved',
  props: { saved: { type: Array, required: true } },
  emits: ['refresh'],
  setup() {
    return { t, formatMs, scenarioLabel };
  },
  template: `
<div class="bench-saved">
  <h2>{{ t('bench.saved.title') }} <button type="button" class="button button-small" @click="$emit('refresh')">{{ t('bench.saved.refresh') }}</button></h2>
  <p v-if="saved.length === 0">{{ t('bench.saved.none') }}</p>
  <table v-else class="bench-table" data-testid="bench-saved">
    <thead><tr><th>#</th><th>{{ t('bench.col.when') }}</th><th>{{ t('bench.col.scenario') }}</th><th>{{ t('bench.col.paint') }}</th><th>{{ t('bench.col.fps') }}</th><th>{{ t('bench.col.lost') }}</th></tr></thead>
    <tbody>
      <tr v-for="entry in saved" :key="entry.id">
        <td>{{ entry.id }}</td><td>{{ new Date(entry.receivedAt).toLocaleString() }}</td>
        <td>{{ scenarioLabel(entry.result) }}</td>
        <td>{{ formatMs(entry.result.latencyMs?.p50) }} / {{ formatMs(entry.result.latencyMs?.p99) }}</td>
        <td>{{ entry.result.fps.mean?.toFixed(1) }}</td><td>{{ entry.result.lost }}</td>
      </tr>
    </tbody>
  </table>
</div>`,
});
