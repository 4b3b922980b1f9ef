// The dashboard's reading panes: the event log and the wire view. Written on every message,
// shown at most every TEXT_EVERY_MS: they are for reading, not for motion, and refreshing
// them a few times a second keeps each frame's work (and so the paint latency) small.

import { markRaw, reactive } from 'vue';
import { serverNowMs } from '../metrics/clock.js';
import { clockTime } from '../lib/format.js';

const TEXT_EVERY_MS = 200;
const LOG_SIZE = 8;
/** Gap notices kept pinned above the log (newest first). */
const GAPS_KEPT = 5;
const WIRE_TEXT_LIMIT = 700;
/** Runs of seqs kept (one run while nothing is lost or repeated). */
const SEQ_RUNS = 200;

/** Adds seq to runs [[from, to], ...]: extends the last run, or starts one after a hole or a repeat. */
function addToRuns(runs, seq) {
  const last = runs[runs.length - 1];
  if (last && seq === last[1] + 1) {
    last[1] = seq;
    return;
  }
  runs.push([seq, seq]);
  if (runs.length > SEQ_RUNS) {
    runs.shift();
  }
}

/** props: compact (no panes, counts only) and wireSize (messages kept in the wire view). */
export function useTextPanes(props) {
  // seqs: every event seq handed to the page, as runs "from-to,from-to" (data-seqs, for tests:
  // loss and repeats read from the events themselves, not from the page's own counter)
  const panes = reactive({ log: [], gaps: [], wire: [], wireBytes: 0, wireMessages: 0, seqs: '' });
  const plain = markRaw({
    log: [], gaps: [], wire: [], wireBytes: 0, wireMessages: 0, logNumber: 0, shownAt: 0, dirty: false, seqRuns: [],
  });

  /** seq: the event's, for events (tests read it to check that none went missing). */
  function addLog(kind, text, atMs = serverNowMs(), seq = null) {
    const entry = { id: ++plain.logNumber, kind, time: clockTime(atMs), text, seq };
    plain.log.unshift(entry);
    if (plain.log.length > LOG_SIZE) {
      plain.log.length = LOG_SIZE;
    }
    if (kind === 'gap') {
      plain.gaps.unshift(entry);
      plain.gaps.length = Math.min(plain.gaps.length, GAPS_KEPT);
    }
    plain.dirty = true;
  }

  /** A message as the page received it: its payload size, not what crossed the wire. */
  function addWire(message) {
    plain.wireMessages++;
    plain.wireBytes += message.bytes;
    plain.dirty = true;
    if (props.compact) {
      return;
    }
    const text = message.text;
    plain.wire.unshift({
      id: plain.wireMessages,
      kind: message.kind,
      bytes: message.bytes,
      time: clockTime(message.atMs),
      text: text.length > WIRE_TEXT_LIMIT ? text.slice(0, WIRE_TEXT_LIMIT) + ' …' : text,
    });
    if (plain.wire.length > props.wireSize) {
      plain.wire.length = props.wireSize;
    }
  }

  return {
    panes,
    addLog,
    addWire,
    /** Notes an event's seq as delivered (repeats too). */
    logSeq(seq) {
      addToRuns(plain.seqRuns, seq);
    },
    clearSeqs() {
      plain.seqRuns = [];
    },
    /** True when the panes were last shown long enough ago to show them again. */
    stale: (now) => now - plain.shownAt >= TEXT_EVERY_MS,
    /** True when something new waits and the panes are stale. */
    due: (now) => plain.dirty && now - plain.shownAt >= TEXT_EVERY_MS,
    /** Something changed that the next show() must bring along. */
    defer() {
      plain.dirty = true;
    },
    show(now) {
      plain.shownAt = now;
      plain.dirty = false;
      panes.log = plain.log.slice();
      if (panes.gaps[0]?.id !== plain.gaps[0]?.id) {
        panes.gaps = plain.gaps.slice();
      }
      panes.wire = plain.wire.slice();
      panes.wireBytes = plain.wireBytes;
      panes.wireMessages = plain.wireMessages;
      panes.seqs = plain.seqRuns.map(([from, to]) => `${from}-${to}`).join(',');
    },
  };
}
