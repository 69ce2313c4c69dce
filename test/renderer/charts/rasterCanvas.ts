import type { ColumnsDrawing } from '../../../renderer/charts/liveColumns.ts';

/**
 * A small software canvas for unit tests (they run in Node, without a DOM canvas): the part of the 2D
 * context the live trend uses (filled rectangles, a rectangular clip, clearRect), rasterised by pixel
 * centre. That is exact for axis-aligned rectangles on whole device pixels, which is all the live layer
 * draws, so it tells whether an incremental paint left a region stale, cleared too little or redrew it
 * without a column that reaches into it: different pixels from a full paint.
 *
 * Setting `width` or `height` clears the bitmap and resets the context, as a real canvas does.
 */
export class RasterCanvas {
  private w = 300;
  private h = 150;
  /** One byte per device pixel: 0 clear, else an index into `colours`. */
  pixels = new Uint8Array(this.w * this.h);
  readonly colours: string[] = [''];
  readonly ctx: RasterContext;

  constructor() {
    this.ctx = new RasterContext(this);
  }

  get width(): number {
    return this.w;
  }
  set width(v: number) {
    this.w = v;
    this.reset();
  }
  get height(): number {
    return this.h;
  }
  set height(v: number) {
    this.h = v;
    this.reset();
  }

  colourIndex(c: string): number {
    const i = this.colours.indexOf(c);
    if (i >= 0) return i;
    this.colours.push(c);
    return this.colours.length - 1;
  }

  /** Pixels whose colour differs from `other`'s (all of them when the sizes differ). */
  diff(other: RasterCanvas): number {
    if (this.w !== other.w || this.h !== other.h) return Math.max(this.w * this.h, other.w * other.h, 1);
    let n = 0;
    for (let i = 0; i < this.pixels.length; i++) if (this.colours[this.pixels[i]!] !== other.colours[other.pixels[i]!]) n++;
    return n;
  }

  inked(): number {
    let n = 0;
    for (const p of this.pixels) if (p !== 0) n++;
    return n;
  }

  private reset(): void {
    this.pixels = new Uint8Array(this.w * this.h);
    this.ctx?.resetState();
  }
}

interface State {
  a: number;
  d: number;
  e: number;
  f: number;
  /** Device-pixel clip [x0, x1) × [y0, y1). */
  clip: [number, number, number, number];
  fillStyle: string;
}

interface DeviceRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export class RasterContext implements ColumnsDrawing {
  private readonly canvas: RasterCanvas;
  private s!: State;
  private stack: State[] = [];
  private path: DeviceRect[] = [];
  /** Calls to `rect` since the last `resetCounts`, and every clearRect as device [x0, x1). */
  rects = 0;
  clears: [number, number][] = [];

  constructor(canvas: RasterCanvas) {
    this.canvas = canvas;
    this.resetState();
  }

  resetState(): void {
    this.s = { a: 1, d: 1, e: 0, f: 0, clip: [0, 0, this.canvas.width, this.canvas.height], fillStyle: '#000000' };
    this.stack = [];
    this.path = [];
  }

  resetCounts(): void {
    this.rects = 0;
    this.clears = [];
  }

  get fillStyle(): string {
    return this.s.fillStyle;
  }
  set fillStyle(v: string | CanvasGradient | CanvasPattern) {
    this.s.fillStyle = String(v);
  }

  save(): void {
    this.stack.push({ ...this.s, clip: [...this.s.clip] });
  }
  restore(): void {
    const s = this.stack.pop();
    if (s) this.s = s;
  }

  setTransform(a?: number | DOMMatrix2DInit, b?: number, c?: number, d?: number, e?: number, f?: number): void {
    if (typeof a !== 'number' || b !== 0 || c !== 0 || d === undefined || e === undefined || f === undefined) throw new Error('RasterContext: only setTransform(a, 0, 0, d, e, f)');
    Object.assign(this.s, { a, d, e, f });
  }

  beginPath(): void {
    this.path = [];
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.rects++;
    const [x0, y0] = this.toDevice(x, y);
    const [x1, y1] = this.toDevice(x + w, y + h);
    this.path.push({ x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) });
  }

  clip(): void {
    if (this.path.length !== 1) throw new Error('RasterContext: clip to one rectangle only');
    const r = this.path[0]!;
    const [cx0, cy0, cx1, cy1] = this.s.clip;
    this.s.clip = [Math.max(cx0, r.x0), Math.max(cy0, r.y0), Math.min(cx1, r.x1), Math.min(cy1, r.y1)];
  }

  clearRect(x: number, y: number, w: number, h: number): void {
    const [x0, y0] = this.toDevice(x, y);
    const [x1, y1] = this.toDevice(x + w, y + h);
    this.clears.push([x0, x1]);
    this.paintRect(x0, y0, x1, y1, 0);
  }

  fill(): void {
    const colour = this.canvas.colourIndex(this.s.fillStyle);
    for (const p of this.path) this.paintRect(p.x0, p.y0, p.x1, p.y1, colour);
  }

  private toDevice(x: number, y: number): [number, number] {
    return [x * this.s.a + this.s.e, y * this.s.d + this.s.f];
  }

  /** Pixels whose centre lies in [x0, x1) × [y0, y1) and inside the clip. */
  private paintRect(x0: number, y0: number, x1: number, y1: number, colour: number): void {
    const [cx0, cy0, cx1, cy1] = this.s.clip;
    const W = this.canvas.width;
    const px0 = Math.max(0, Math.ceil(Math.max(x0, cx0) - 0.5));
    const px1 = Math.min(W, Math.ceil(Math.min(x1, cx1) - 0.5));
    const py0 = Math.max(0, Math.ceil(Math.max(y0, cy0) - 0.5));
    const py1 = Math.min(this.canvas.height, Math.ceil(Math.min(y1, cy1) - 0.5));
    for (let py = py0; py < py1; py++) this.canvas.pixels.fill(colour, py * W + px0, py * W + Math.max(px0, px1));
  }
}
