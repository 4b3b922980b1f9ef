// A small parser of the text/event-stream format (the HTML standard's "event stream
// interpretation"), for reading SSE without EventSource: fetch's response.body, a worker,
// a test. It is what EventSource runs inside the browser; here it is ours to run.
//
// createSseParser({ onFrame, onRetry, onComment, lastEventId })
//   -> { push(text), reset(), get lastEventId }
// - push() takes decoded text in pieces of any size: a line or a frame cut between two
//   network chunks waits for the rest (TextDecoder with stream: true keeps UTF-8 whole).
// - onFrame({ event, data, id, raw }) on each blank line that ends a frame with data:
//   event 'message' unless `event:` said otherwise, data lines joined with '\n', id the
//   last event id as of this frame (it carries over from earlier frames, as in the
//   standard), raw the frame's text as it came (for a wire view).
// - onRetry(ms) for each valid `retry:` (digits only); onComment(text) for ': ...' lines
//   (heartbeats).
// - reset() when a connection ends: a line or frame cut in half is dropped, its id: too (it
//   comes again after the resume); the last whole frame's id is kept for the next request.

export function createSseParser({
  onFrame = () => {}, onRetry = () => {}, onComment = () => {}, lastEventId = '',
} = {}) {
  // idBuffer: the id: of the frame being read; it becomes lastEventId only when the frame ends
  const state = { lastEventId, idBuffer: lastEventId, frame: newFrame(), pending: '', lastWasCr: false };
  const handlers = { onFrame, onRetry, onComment };
  return {
    /** Feeds decoded text; calls the callbacks for every whole line in it. */
    push(text) {
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n' && state.lastWasCr && i === start) {
          // the '\n' of a '\r\n' cut between two chunks: the line already ended
          start = i + 1;
          state.lastWasCr = false;
          continue;
        }
        if (c === '\r' || c === '\n') {
          handleLine(state, handlers, state.pending + text.slice(start, i));
          state.pending = '';
          if (c === '\r' && text[i + 1] === '\n') {
            i++;
          }
          state.lastWasCr = c === '\r' && i === text.length - 1;
          start = i + 1;
        } else {
          state.lastWasCr = false;
        }
      }
      state.pending += text.slice(start);
    },
    reset() {
      state.idBuffer = state.lastEventId;
      state.pending = '';
      state.frame = newFrame();
      state.lastWasCr = false;
    },
    /** What EventSource would send as Last-Event-ID now ('' before any id). */
    get lastEventId() {
      return state.lastEventId;
    },
  };
}

function newFrame() {
  return { event: '', data: [], raw: '' };
}

/** One whole line (without its line end): a field, a comment, or the blank line that ends a frame. */
function handleLine(state, handlers, text) {
  if (text === '') {
    const done = state.frame;
    state.frame = newFrame();
    state.lastEventId = state.idBuffer;
    if (done.data.length > 0) {
      handlers.onFrame({
        event: done.event || 'message', data: done.data.join('\n'), id: state.lastEventId, raw: done.raw + '\n',
      });
    }
    return;
  }
  state.frame.raw += text + '\n';
  if (text.startsWith(':')) {
    handlers.onComment(text.slice(1).trimStart());
    return;
  }
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  let value = colon < 0 ? '' : text.slice(colon + 1);
  if (value.startsWith(' ')) {
    value = value.slice(1);
  }
  field(state, handlers, name, value);
}

function field(state, handlers, name, value) {
  if (name === 'event') {
    state.frame.event = value;
  } else if (name === 'data') {
    state.frame.data.push(value);
  } else if (name === 'id') {
    if (!value.includes('\0')) {
      state.idBuffer = value;
    }
  } else if (name === 'retry') {
    if (/^\d+$/.test(value)) {
      handlers.onRetry(Number(value));
    }
  }
  // any other field name is ignored, as the standard says
}
