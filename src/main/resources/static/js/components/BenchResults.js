// The finished scenarios of this run, one row each. Bytes are the server's payload counters
// (GET /api/stats): bodies only, not the headers and framing that also cross the wire.

import { defineComponent } from 'vue';
import { scenarioLabel } from '../lib/bench-settings.js';
import { formatMs } from '../lib/format.js';
import { t } from '../lib/i18n.js';

export const BenchResults = defineComponent({
  name: 'BenchResults',
  props: {
    results: { type: Array, required: true },
    saveStatus: { type: String, default: '' },
  },
  emits: ['save'],
  setup() {
    return { t, formatMs, scenarioLabel };
  },
  template: `
<div class="bench-results">
  <h2>{{ t('bench.results.title') }}</h2>
  <table class="bench-table" data-testid="bench-results">
    <thead><tr>
      <th>{{ t('bench.col.scenario') }}</th><th>{{ t('bench.col.paint') }}</th><th>{{ t('bench.col.delivery') }}</th>
      <th>{{ t('bench.col.fps') }}</th><th>{{ t('bench.col.frames') }}</th><th>{{ t('bench.col.dropped') }}</th>
      <th>{{ t('bench.col.received') }}</th><th>{{ t('bench.col.lost') }}</th><th>{{ t('bench.col.duplicates') }}</th>
      <th>{{ t('bench.col.bytes') }}</th><th>{{ t('bench.col.requests') }}</th>
    </tr></thead>
    <tbody>
      <tr v-for="result in results" :key="result.transport + result.mode" :data-transport="result.transport">
        <td>{{ scenarioLabel(result) }}</td>
        <td>{{ formatMs(result.latencyMs?.p50) }} / {{ formatMs(result.latencyMs?.p95) }} / {{ formatMs(result.latencyMs?.p99) }} / {{ formatMs(result.latencyMs?.max) }}</td>
        <td>{{ formatMs(result.deliveryMs?.p50) }} / {{ formatMs(result.deliveryMs?.p99) }}</td>
        <td>{{ result.fps.mean?.toFixed(1) }}</td>
        <td>{{ formatMs(result.frameMs.p50) }} / {{ formatMs(result.frameMs.p99) }}</td>
        <td>{{ result.droppedFramesPct.toFixed(1) }}</td>
        <td>{{ result.received }}</td>
        <td :class="{ bad: result.lost > 0 }">{{ result.lost }}</td>
        <td :class="{ bad: result.duplicates > 0 }">{{ result.duplicates }}</td>
        <td>{{ result.bytes }} ({{ result.wireEvents > 0 ? Math.round(result.bytes / result.wireEvents) : '—' }} {{ t('bench.perEvent') }})</td>
        <td>{{ result.requests }}</td>
      </tr>
    </tbody>
  </table>
  <p class="bench-note">{{ t('bench.results.note', results[0]?.clockOffsetMs ?? '—', results[0]?.clockRttMs ?? '—') }}</p>
  <button type="button" class="button" data-testid="bench-save" @click="$emit('save')">{{ t('bench.save.button') }}</button>
  <span class="bench-save-status" data-testid="bench-save-status">{{ saveStatus }}</span>
</div>`,
});
