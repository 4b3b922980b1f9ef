// The dashboard's counters, with the stable hooks automated checks read (data-testid
// received, last-seq, lost, latency-p50, fps).

import { defineComponent } from 'vue';
import { formatMs } from '../lib/format.js';
import { t } from '../lib/i18n.js';

export const DashboardStats = defineComponent({
  name: 'DashboardStats',
  props: { view: { type: Object, required: true } },
  setup() {
    return { t, formatMs };
  },
  template: `
<div class="stats">
  <div class="stat"><span class="stat-label">{{ t('stat.received') }}</span>
    <span class="stat-value" data-testid="received">{{ view.received }}</span></div>
  <div class="stat"><span class="stat-label">{{ t('stat.lastSeq') }}</span>
    <span class="stat-value" data-testid="last-seq">{{ view.lastSeq ?? '—' }}</span></div>
  <div class="stat" :class="{ bad: view.lost > 0 }"><span class="stat-label">{{ t('stat.lost') }}</span>
    <span class="stat-value"><span data-testid="lost">{{ view.lost }}</span><small v-if="view.gaps > 0" class="stat-note" data-testid="gaps"> · {{ t('stat.gaps', view.gaps) }}</small></span></div>
  <div class="stat" :title="t('stat.latencyHint')" data-testid="latency-hint"><span class="stat-label">{{ t('stat.latencyP50') }}</span>
    <span class="stat-value"><span data-testid="latency-p50">{{ formatMs(view.p50) }}</span><small class="unit">ms</small></span></div>
  <div class="stat" :title="t('stat.latencyHint')"><span class="stat-label">{{ t('stat.latencyP95') }}</span>
    <span class="stat-value"><span data-testid="latency-p95">{{ formatMs(view.p95) }}</span><small class="unit">ms</small></span></div>
  <div class="stat"><span class="stat-label">{{ t('stat.fps') }}</span>
    <span class="stat-value" data-testid="fps">{{ view.fps }}</span></div>
</div>`,
});
