/**
 * A deterministic force-directed layout (Fruchterman–Reingold) for the notes' graph, computed in the browser: the same
 * nodes and edges always land in the same places (no randomness: the start is a sunflower spiral in input order).
 * Repulsion only counts neighbours within a few edge lengths (a grid of cells), so a pass costs about n·(neighbours)
 * and 2,000 nodes lay out in well under a second; a gentle pull to the centre keeps separate clusters close.
 */

export interface Layout {
  x: Float64Array;
  y: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

export function layoutGraph(n: number, edges: readonly (readonly [number, number])[], k = 110): Layout {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = k * 0.9 * Math.sqrt(i + 0.5);
    x[i] = r * Math.cos(i * GOLDEN);
    y[i] = r * Math.sin(i * GOLDEN);
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const iterations = n <= 200 ? 300 : n <= 800 ? 160 : 70;
  const cutoff = 3 * k;
  let temperature = k * Math.max(2, Math.sqrt(n) / 2);
  const cooling = temperature / (iterations + 1);
  // The grid: nodes sorted by cell (counting sort), each cell's range in `order` from `start[c]` to `start[c + 1]`.
  const cellOf = new Int32Array(n);
  const order = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, x[i]!);
      maxX = Math.max(maxX, x[i]!);
      minY = Math.min(minY, y[i]!);
      maxY = Math.max(maxY, y[i]!);
    }
    // Cells at least the cutoff wide, and not many more cells than nodes.
    const cell = Math.max(cutoff, Math.sqrt(((maxX - minX + 1) * (maxY - minY + 1)) / Math.max(1, 2 * n)));
    const gw = Math.floor((maxX - minX) / cell) + 1;
    const gh = Math.floor((maxY - minY) / cell) + 1;
    const start = new Int32Array(gw * gh + 1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor((x[i]! - minX) / cell) + gw * Math.floor((y[i]! - minY) / cell);
      cellOf[i] = c;
      start[c + 1]!++;
    }
    for (let c = 0; c < gw * gh; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, gw * gh);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;
    // Repulsion between nodes closer than the cutoff: k² / d.
    for (let i = 0; i < n; i++) {
      const cx = cellOf[i]! % gw;
      const cy = (cellOf[i]! - cx) / gw;
      for (let oy = Math.max(0, cy - 1); oy <= Math.min(gh - 1, cy + 1); oy++) {
        for (let ox = Math.max(0, cx - 1); ox <= Math.min(gw - 1, cx + 1); ox++) {
          const c = ox + gw * oy;
          for (let p = start[c]!; p < start[c + 1]!; p++) {
            const j = order[p]!;
            if (j <= i) continue;
            let ddx = x[i]! - x[j]!;
            let ddy = y[i]! - y[j]!;
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 === 0) {
              // Two nodes on one point: a fixed nudge by index keeps it deterministic.
              ddx = ((i - j) % 7) * 0.01 + 0.01;
              ddy = ((i + j) % 5) * 0.01 + 0.01;
              d2 = ddx * ddx + ddy * ddy;
            }
            if (d2 > cutoff * cutoff) continue;
            // Fading to nothing at the cutoff, so a lone note is not held at the edge of everyone's reach.
            const f = ((k * k) / d2) * (1 - d2 / (cutoff * cutoff));
            dx[i]! += ddx * f;
            dy[i]! += ddy * f;
            dx[j]! -= ddx * f;
            dy[j]! -= ddy * f;
          }
        }
      }
    }
    // Attraction along links: d² / k.
    for (const [a, b] of edges) {
      if (a === b) continue;
      const ddx = x[a]! - x[b]!;
      const ddy = y[a]! - y[b]!;
      const d = Math.sqrt(ddx * ddx + ddy * ddy) || 0.01;
      const f = d / k;
      dx[a]! -= ddx * f;
      dy[a]! -= ddy * f;
      dx[b]! += ddx * f;
      dy[b]! += ddy * f;
    }
    // Gravity to the centre, then moves capped by the temperature.
    for (let i = 0; i < n; i++) {
      dx[i]! -= x[i]! * 0.02;
      dy[i]! -= y[i]! * 0.02;
      const d = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        x[i]! += dx[i]! * step;
        y[i]! += dy[i]! * step;
      }
    }
    temperature = Math.max(k * 0.05, temperature - cooling);
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  if (n === 0) minX = minY = maxX = maxY = 0;
  return { x, y, minX, minY, maxX, maxY };
}
