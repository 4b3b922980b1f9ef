// Following a job's feed ("job-N") over the transport the page's selector names, with the
// same client adapters as the dashboard; only options.from differs (see useJobsPage.js).
// Counts from the sequence numbers: every event once, in order, none lost.

import { t } from '../lib/i18n.js';
import { connectTransport } from '../transports/index.js';

export const FINAL_STATES = ['succeeded', 'failed', 'cancelled'];

export function isFinal(view) {
  return view.progress !== null && FINAL_STATES.includes(view.progress.state);
}

function logText(event) {
  switch (event.state) {
    case 'succeeded':
      return t('jobs.log.succeeded', event.seq, event.result?.processed, event.result?.elapsedMillis);
    case 'failed':
      return t('jobs.log.failed', event.seq, event.error);
    case 'cancelled':
      return t('jobs.log.cancelled', event.seq, event.step);
    default:
      return t('jobs.log.step', event.seq, event.step, event.steps, event.percent);
  }
}

/** view: the page's reactive state; addLog(kind, text, seq) and save() from the page. */
export function useJobFollow(view, { addLog, save }) {
  // not reactive: where we are in the job's feed
  const position = { epoch: null, lastSeq: null };
  let handle = null;

  function onEvent(event) {
    if (event.type !== 'progress' || !view.job || event.job !== view.job.id) {
      return;
    }
    if (position.lastSeq !== null && event.epoch === position.epoch) {
      if (event.seq <= position.lastSeq) {
        view.duplicates++;
        return;
      }
      view.lost += event.seq - position.lastSeq - 1;
    }
    Object.assign(position, { epoch: event.epoch, lastSeq: event.seq });
    view.received++;
    const { step, steps, percent, state } = event;
    view.progress = { step, steps, percent, state, result: event.result ?? null, error: event.error ?? null };
    addLog(FINAL_STATES.includes(state) ? 'final' : 'event', logText(event), event.seq);
    if (isFinal(view)) {
      // the feed stays open until the job is forgotten; there is nothing more to wait for
      stop();
    }
    save();
  }

  function onGap(gap) {
    view.lost += gap.missed ?? 0;
    Object.assign(position, { epoch: gap.epoch, lastSeq: gap.resumeAfter });
    addLog('gap', t('jobs.log.gap', gap.reason, gap.missed ?? '?', gap.resumeAfter));
    save();
  }

  function onStatus(status) {
    view.status = status;
    addLog('info', t('jobs.log.status', t('status.' + status)));
  }

  /** Messages and their payload sizes as the page receives them (not the bytes on the wire). */
  function onWire(message) {
    view.wireMessages++;
    view.wireBytes += message.bytes;
  }

  function stop() {
    if (handle) {
      const closing = handle;
      handle = null;
      closing.close();
    }
  }

  /** Follows view.job over view.transport from `from` ({ after, epoch }). */
  function follow(from) {
    stop();
    handle = connectTransport(view.transport, {
      feed: view.job.feed, from, interval: view.interval, onEvent, onGap, onStatus, onWire,
    });
  }

  return {
    position, follow, stop,
    drop: () => handle?.drop(),
    setInterval: (ms) => handle?.setInterval?.(ms),
    following: () => handle !== null,
  };
}
