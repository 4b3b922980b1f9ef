// The markers on a 1000 x 600 map, drawn on a canvas once per animation frame. Each marker
// glides from where it is shown now to its newest position over about one event interval,
// so a 10 events/s feed looks like smooth motion; a late event shows as a lag, not a jump.

const MAP_WIDTH = 1000;
const MAP_HEIGHT = 600;

/** Matches the canvas's pixel size to its size on screen. */
function resize(map) {
  const ratio = window.devicePixelRatio || 1;
  const rect = map.canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * ratio));
  const h = Math.max(1, Math.round(rect.height * ratio));
  if (w !== map.width || h !== map.height) {
    map.width = w;
    map.height = h;
    map.canvas.width = w;
    map.canvas.height = h;
  }
}

function positionAt(map, i, progress) {
  return [map.fromX[i] + (map.toX[i] - map.fromX[i]) * progress, map.fromY[i] + (map.toY[i] - map.fromY[i]) * progress];
}

/** Starts a glide from where each marker is shown now to the pending event's position. */
function applyPending(map, now) {
  const markers = map.pending;
  map.pending = null;
  const progress = Math.min(1, (now - map.movedAt) / map.glideMs);
  const count = markers.length;
  const from = [new Float32Array(count), new Float32Array(count)];
  const to = [new Float32Array(count), new Float32Array(count)];
  for (let i = 0; i < count; i++) {
    const [, x, y] = markers[i];
    const [shownX, shownY] = i < map.toX.length ? positionAt(map, i, progress) : [x, y];
    from[0][i] = shownX;
    from[1][i] = shownY;
    to[0][i] = x;
    to[1][i] = y;
  }
  [map.fromX, map.fromY] = from;
  [map.toX, map.toY] = to;
  map.movedAt = now;
}

function drawGrid(context, scale) {
  context.strokeStyle = 'rgba(148, 163, 184, 0.12)';
  context.lineWidth = 1;
  context.beginPath();
  for (let x = 0; x <= MAP_WIDTH; x += 100) {
    context.moveTo(x * scale, 0);
    context.lineTo(x * scale, MAP_HEIGHT * scale);
  }
  for (let y = 0; y <= MAP_HEIGHT; y += 100) {
    context.moveTo(0, y * scale);
    context.lineTo(MAP_WIDTH * scale, y * scale);
  }
  context.stroke();
}

/** Paints one frame: the grid and every marker where its glide is at `now`. */
function paint(map, now) {
  const { context, width, height } = map;
  const scale = Math.min(width / MAP_WIDTH, height / MAP_HEIGHT);
  context.clearRect(0, 0, width, height);
  drawGrid(context, scale);
  const progress = Math.min(1, (now - map.movedAt) / map.glideMs);
  const radius = Math.max(2.5, 7 * scale);
  context.fillStyle = map.accent;
  context.globalAlpha = 0.9;
  context.beginPath();
  for (let i = 0; i < map.toX.length; i++) {
    const [x, y] = positionAt(map, i, progress);
    context.moveTo(x * scale + radius, y * scale);
    context.arc(x * scale, y * scale, radius, 0, Math.PI * 2);
  }
  context.fill();
  context.globalAlpha = 1;
}

/** accent: the markers' colour (the transport's, from transports/index.js colorOf). */
export function createMapView(canvas, { accent }) {
  const empty = new Float32Array(0);
  const map = {
    canvas, context: canvas.getContext('2d'), accent, width: 0, height: 0,
    fromX: empty, fromY: empty, toX: empty, toY: empty, movedAt: 0, glideMs: 100, lastArrival: 0, pending: null,
  };
  return {
    /** Takes the markers of the newest event; applied at the next frame (older ones are superseded). */
    update(markers, atMs) {
      if (map.lastArrival > 0) {
        // glide over a smoothed inter-arrival time: long for polling batches, short for push
        const gap = Math.min(2000, Math.max(16, atMs - map.lastArrival));
        map.glideMs = map.glideMs * 0.8 + gap * 0.2;
      }
      map.lastArrival = atMs;
      map.pending = markers;
    },
    /** Paints one frame; call from a requestAnimationFrame loop. */
    draw(now) {
      resize(map);
      if (map.pending) {
        applyPending(map, now);
      }
      paint(map, now);
    },
    clear() {
      Object.assign(map, { fromX: empty, fromY: empty, toX: empty, toY: empty, pending: null, lastArrival: 0 });
    },
  };
}
