// The feed's own metric values (see composables/useMetricTiles.js), one tile each with a sparkline.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

export const MetricTiles = defineComponent({
  name: 'MetricTiles',
  props: { tiles: { type: Array, required: true } },
  setup() {
    return { t };
  },
  template: `
<div class="tiles">
  <div v-for="tile in tiles" :key="tile.key" class="tile">
    <span class="tile-label">{{ t('metric.' + tile.key) }}</span>
    <span class="tile-value">{{ Number.isFinite(tile.value) ? tile.value.toFixed(tile.digits) : '—' }}<small class="unit">{{ tile.unit }}</small></span>
    <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
      <polyline :points="tile.points" />
    </svg>
  </div>
</div>`,
});
