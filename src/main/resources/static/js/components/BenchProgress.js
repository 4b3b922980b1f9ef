// Where a benchmark run is: scenario n of N, its phase, seconds, events and frame rate so far.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';
import { labelOf } from '../transports/index.js';

export const BenchProgress = defineComponent({
  name: 'BenchProgress',
  props: { progress: { type: Object, required: true } },
  setup() {
    return { t, labelOf };
  },
  template: `
<div class="bench-progress" data-testid="bench-progress">
  <b>{{ t('bench.progress.scenario', progress.index, progress.total) }}</b>
  <span v-if="progress.transport"> {{ labelOf(progress.transport) }}</span>
  · <span>{{ progress.phase }}</span>
  · <span>{{ t('bench.progress.elapsed', progress.elapsed.toFixed(1), progress.duration ?? '?') }}</span>
  · <span>{{ t('bench.progress.received', progress.received) }}</span>
  · <span>{{ t('bench.progress.fps', progress.fps) }}</span>
  <progress :max="progress.duration || 1" :value="progress.elapsed"></progress>
</div>`,
});
