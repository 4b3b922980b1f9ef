// Gap notices, kept apart from the event log: at 10 events/s the log's few lines scroll a
// notice away in under a second, and a gap is the one line a learner must not miss.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

export const GapList = defineComponent({
  name: 'GapList',
  props: {
    gaps: { type: Array, required: true },
    /** Show only the newest few (the race page's lanes have room for one). */
    limit: { type: Number, default: 3 },
  },
  setup() {
    return { t };
  },
  template: `
<ol v-if="gaps.length > 0" class="gap-list" data-testid="gap-list" :title="t('log.gapsPinned')">
  <li v-for="gap in gaps.slice(0, limit)" :key="gap.id" class="log-gap">
    <time>{{ gap.time }}</time> <span>{{ gap.text }}</span>
  </li>
</ol>`,
});
