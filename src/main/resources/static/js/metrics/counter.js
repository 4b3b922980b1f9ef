// Counts what a client got from the feed's sequence numbers alone: received, duplicates,
// and lost (events the server said we missed in a gap notice, plus any silent jump in seq,
// which would be a bug). Shared by every adapter and page so that all count the same way.

export function createCounter() {
  const counter = {
    received: 0,
    lost: 0,
    duplicates: 0,
    gaps: 0,
    lastSeq: null,
    epoch: null,

    /** Records an event; returns false when it is a duplicate (already seen). */
    event(event) {
      if (counter.epoch !== event.epoch) {
        // a new epoch arrives after a gap notice (reason epoch) or on the very first event
        counter.epoch = event.epoch;
      } else if (counter.lastSeq !== null && event.seq <= counter.lastSeq) {
        counter.duplicates++;
        return false;
      } else if (counter.lastSeq !== null && event.seq > counter.lastSeq + 1) {
        counter.lost += event.seq - counter.lastSeq - 1;
      }
      counter.lastSeq = event.seq;
      counter.received++;
      return true;
    },

    /** Records a gap notice: its `missed` (when known) counts as lost; the stream goes on after resumeAfter. */
    gap(gap) {
      counter.gaps++;
      counter.lost += gap.missed ?? 0;
      counter.epoch = gap.epoch;
      counter.lastSeq = gap.resumeAfter;
    },

    reset() {
      counter.received = 0;
      counter.lost = 0;
      counter.duplicates = 0;
      counter.gaps = 0;
      counter.lastSeq = null;
      counter.epoch = null;
    },
  };
  return counter;
}
