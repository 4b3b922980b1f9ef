// The dashboard's connection: the transport's adapter from the registry, opened, closed and
// dropped on request. The polling interval goes to the open adapter as soon as it changes.

import { watch } from 'vue';
import { connectTransport } from '../transports/index.js';

/**
 * props: transport and feed; view.interval: the polling interval; handlers: the adapter's
 * onEvent, onGap, onStatus, onWire, plus onReset() called before each new connection.
 */
export function useConnection(props, view, handlers) {
  let handle = null;
  const { onReset, ...callbacks } = handlers;

  function disconnect() {
    if (handle) {
      handle.close();
      handle = null;
    }
  }

  function connect() {
    disconnect();
    onReset();
    handle = connectTransport(props.transport, { feed: props.feed, interval: Number(view.interval), ...callbacks });
  }

  /** Breaks the connection as a network fault would; the adapter recovers by itself. */
  function drop() {
    handle?.drop();
  }

  watch(() => view.interval, (interval) => handle?.setInterval?.(Number(interval)));

  return { connect, disconnect, drop, connected: () => handle !== null };
}
