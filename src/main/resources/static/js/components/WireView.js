// What arrives, as the page receives it: raw SSE text, WebSocket frames, polling answers. The
// sizes are payload (what the page's handler gets), not the bytes on the wire: HTTP headers,
// chunk and frame overhead and compression are not visible to a page.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

export const WireView = defineComponent({
  name: 'WireView',
  props: {
    /** { wire: [{ id, kind, bytes, time, text }], wireMessages, wireBytes } */
    panes: { type: Object, required: true },
  },
  setup() {
    return { t };
  },
  template: `
<div class="wire">
  <h3>{{ t('wire.title') }} <small data-testid="wire-summary" :data-messages="panes.wireMessages"
    :data-bytes="panes.wireBytes" :title="t('wire.payloadNote')">{{ t('wire.summary', panes.wireMessages, panes.wireBytes) }}</small></h3>
  <ol data-testid="wire">
    <li v-for="message in panes.wire" :key="message.id" class="wire-message">
      <div class="wire-head"><time>{{ message.time }}</time> <b>{{ message.kind }}</b> <span>{{ t('wire.bytes', message.bytes) }}</span></div>
      <pre>{{ message.text }}</pre>
    </li>
  </ol>
</div>`,
});
