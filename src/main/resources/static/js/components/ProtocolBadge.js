// Which HTTP version carries a transport (or, without one, the page): h1 or h2, or an
// HTTP/1.1 Upgrade for WebSocket. See metrics/protocol.js for where the browser says it.

import { defineComponent } from 'vue';
import { useHttpProtocol } from '../composables/useHttpProtocol.js';
import { t } from '../lib/i18n.js';

export const ProtocolBadge = defineComponent({
  name: 'ProtocolBadge',
  props: {
    transport: { type: String, default: null },
    feed: { type: String, default: 'live' },
  },
  setup(props) {
    const protocol = useHttpProtocol(() => props.transport, () => props.feed);
    return { protocol, t };
  },
  template: `
<span class="protocol" data-testid="http-protocol" :data-protocol="protocol.upgrade ? 'h1-upgrade' : protocol.code"
      :title="t('protocol.title')">{{ protocol.upgrade ? t('protocol.upgrade') : t('protocol.version', protocol.code) }}</span>`,
});
