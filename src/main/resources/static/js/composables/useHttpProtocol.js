// The HTTP version under a transport's connection, kept current for a component.

import { onBeforeUnmount, reactive, watchEffect } from 'vue';
import { followProtocol, pageProtocol } from '../metrics/protocol.js';
import { transportOf } from '../transports/index.js';

/**
 * { code: 'h1' | 'h2' | 'h3' | '?', upgrade } for the transport and feed the two getters
 * return (no transport: the page's own version). upgrade: an HTTP/1.1 Upgrade (WebSocket).
 */
export function useHttpProtocol(transport, feed) {
  const state = reactive({ code: '?', upgrade: false });
  let stop = null;
  watchEffect(() => {
    stop?.();
    stop = null;
    const key = transport();
    state.upgrade = Boolean(key) && transportOf(key).upgrade;
    if (state.upgrade) {
      state.code = 'h1';
    } else if (!key) {
      state.code = pageProtocol();
    } else {
      stop = followProtocol(`/api/feeds/${encodeURIComponent(feed())}/`, (protocol) => {
        state.code = protocol;
      });
    }
  });
  onBeforeUnmount(() => stop?.());
  return state;
}
