// The short polling interval selector (transport page and the race page's polling lane):
// view.interval is watched by useConnection, so the open adapter follows at once.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

const INTERVALS = [100, 250, 500, 1000, 2000, 5000];

export const IntervalControl = defineComponent({
  name: 'IntervalControl',
  props: { view: { type: Object, required: true } },
  setup() {
    return { t, intervals: INTERVALS };
  },
  template: `
<label class="control-field">{{ t('control.interval') }}
  <select v-model.number="view.interval" data-testid="interval">
    <option v-for="ms in intervals" :key="ms" :value="ms">{{ ms }} ms</option>
  </select>
</label>`,
});
