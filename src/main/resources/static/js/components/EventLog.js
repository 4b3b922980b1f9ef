// The dashboard's newest log lines: events, gap notices, status changes, drops.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

export const EventLog = defineComponent({
  name: 'EventLog',
  props: { entries: { type: Array, required: true } },
  setup() {
    return { t };
  },
  template: `
<div class="log">
  <h3>{{ t('log.title') }}</h3>
  <ol data-testid="event-log">
    <li v-for="entry in entries" :key="entry.id" :class="'log-' + entry.kind" :data-seq="entry.seq ?? ''">
      <time>{{ entry.time }}</time> <span>{{ entry.text }}</span>
    </li>
  </ol>
</div>`,
});
