/**
 * Time-ordered points in growable typed arrays, refilled on every redraw without an object per point (the
 * redraw loop over them is then plain arithmetic, several times faster than a callback per point).
 */
export class PointList {
  ts = new Float64Array(2048);
  vs = new Float64Array(2048);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Keeps the first `n` points. */
  truncate(n: number): void {
    this.length = Math.min(this.length, Math.max(0, n));
  }

  push(t: number, v: number): void {
    if (this.length === this.ts.length) {
      const ts = new Float64Array(this.ts.length * 2);
      const vs = new Float64Array(this.ts.length * 2);
      ts.set(this.ts);
      vs.set(this.vs);
      this.ts = ts;
      this.vs = vs;
    }
    this.ts[this.length] = t;
    this.vs[this.length] = v;
    this.length++;
  }

  static of(points: readonly { t: number; v: number }[]): PointList {
    const out = new PointList();
    for (const p of points) out.push(p.t, p.v);
    return out;
  }
}
