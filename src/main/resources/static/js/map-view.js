// The markers on a 1000 x 600 map, drawn on a canvas once per animation frame. Each marker
// glides from where it is shown now to its newest position over about one event interval,
// so a 10 events/s feed looks like smooth motion; a late event shows as a lag, not a jump.

const MAP_WIDTH = 1000;
const MAP_HEIGHT = 600;

export function createMapView(canvas, { accent = '#38bdf8' } = {}) {
  const context = canvas.getContext('2d');
  let fromX = new Float32Array(0);
  let fromY = new Float32Array(0);
  let toX = new Float32Array(0);
  let toY = new Float32Array(0);
  let movedAt = 0;
  let glideMs = 100;
  let lastArrival = 0;
  let pending = null;
  let width = 0;
  let height = 0;

  function resize() {
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round(rect.width * ratio));
    const h = Math.max(1, Math.round(rect.height * ratio));
    if (w !== width || h !== height) {
      width = w;
      height = h;
      canvas.width = w;
      canvas.height = h;
    }
  }

  function positionAt(i, progress) {
    return [fromX[i] + (toX[i] - fromX[i]) * progress, fromY[i] + (toY[i] - fromY[i]) * progress];
  }

  /** Takes the markers of the newest event; applied at the next frame (older ones are superseded). */
  function update(markers, atMs) {
    if (lastArrival > 0) {
      // glide over a smoothed inter-arrival time: long for polling batches, short for push
      const gap = Math.min(2000, Math.max(16, atMs - lastArrival));
      glideMs = glideMs * 0.8 + gap * 0.2;
    }
    lastArrival = atMs;
    pending = markers;
  }

  function applyPending(now) {
    const markers = pending;
    pending = null;
    const progress = Math.min(1, (now - movedAt) / glideMs);
    const count = markers.length;
    const nextFromX = new Float32Array(count);
    const nextFromY = new Float32Array(count);
    const nextToX = new Float32Array(count);
    const nextToY = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const [, x, y] = markers[i];
      if (i < toX.length) {
        const [shownX, shownY] = positionAt(i, progress);
        nextFromX[i] = shownX;
        nextFromY[i] = shownY;
      } else {
        nextFromX[i] = x;
        nextFromY[i] = y;
      }
      nextToX[i] = x;
      nextToY[i] = y;
    }
    fromX = nextFromX;
    fromY = nextFromY;
    toX = nextToX;
    toY = nextToY;
    movedAt = now;
  }

  function drawGrid(scale) {
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

  /** Paints one frame; call from a requestAnimationFrame loop. */
  function draw(now) {
    resize();
    if (pending) {
      applyPending(now);
    }
    const scale = Math.min(width / MAP_WIDTH, height / MAP_HEIGHT);
    context.clearRect(0, 0, width, height);
    drawGrid(scale);
    const progress = Math.min(1, (now - movedAt) / glideMs);
    const radius = Math.max(2.5, 7 * scale);
    context.fillStyle = accent;
    context.globalAlpha = 0.9;
    context.beginPath();
    for (let i = 0; i < toX.length; i++) {
      const [x, y] = positionAt(i, progress);
      context.moveTo(x * scale + radius, y * scale);
      context.arc(x * scale, y * scale, radius, 0, Math.PI * 2);
    }
    context.fill();
    context.globalAlpha = 1;
  }

  function clear() {
    fromX = fromY = toX = toY = new Float32Array(0);
    pending = null;
    lastArrival = 0;
  }

  return { update, draw, clear };
}
