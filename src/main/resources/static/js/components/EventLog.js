// The dashboard's newest log lines: events, gap notices, status changes, drops; above them
// the gap notices, pinned (GapList).

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';
import { GapList } from './GapList.js';

export const EventLog = defineComponent({
  name: 'EventLog',
  components: { GapList },
  props: { entries: { type: Array, required: true }, gaps: { type: Array, default: () => [] } },
  setup() {
    return { t };
  },
  template: `
<div class="log">
  <h3>{{ t('log.title') }}</h3>
  <GapList :gaps="gaps" />
  <ol data-testid="event-log">
    <li v-for="entry in entries" :key="entry.id" :class="'log-' + entry.kind" :data-seq="entry.seq ?? ''">
      <time>{{ entry.time }}</time> <span>{{ entry.text }}</span>
    </li>
  </ol>
</div>`,
});
