/**
 * Draws a day's swimlanes on a canvas: hundreds of patients and their segments would otherwise be a
 * thousand SVG nodes to lay out and paint on every frame of a run (STYLE §4 allows a canvas for many marks).
 * The axes stay in SVG; for an export the same marks are added to that SVG as elements (see {@link laneMarks}).
 */
import type { Lane } from './swimlane';

/** Geometry shared by the canvas and the exported SVG. */
export interface LaneLayout {
  x: (t: number) => number;
  top: number;
  left: number;
  right: number;
  laneHeight: number;
}

/** Every mark of the lanes as plain rectangles and circles (in CSS pixels). */
export interface Mark {
  kind: 'rect' | 'circle';
  x: number;
  y: number;
  w: number;
  h: number;
  colour: string;
  opacity: number;
}

/** The marks of `lanes`: a rectangle per waiting or service segment, a circle where a patient left unseen. */
export function laneMarks(lanes: Lane[], g: LaneLayout): Mark[] {
  const out: Mark[] = [];
  lanes.forEach((lane, i) => {
    const y = g.top + i * g.laneHeight;
    for (const s of lane.segments)
      out.push({ kind: 'rect', x: g.x(s.x0), y: y + 1, w: Math.max(1, g.x(s.x1) - g.x(s.x0)), h: g.laneHeight - 2, colour: s.colour, opacity: s.kind === 'wait' ? 0.3 : 1 });
    if (lane.outcome !== 'seen') out.push({ kind: 'circle', x: g.x(lane.departure), y: y + g.laneHeight / 2, w: 3, h: 3, colour: 'var(--danger)', opacity: 1 });
  });
  return out;
}

/** Paints the marks (and the active lane's highlight) on a canvas sized `width` × `height` CSS pixels. */
export function paintLanes(canvas: HTMLCanvasElement, marks: Mark[], o: { width: number; height: number; active: number; g: LaneLayout; accent: string; danger: string }): void {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(o.width * ratio);
  canvas.height = Math.round(o.height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  if (o.active >= 0) {
    ctx.globalAlpha = 0.15;
    ctx.fillStyle = o.accent;
    ctx.fillRect(o.g.left, o.g.top + o.active * o.g.laneHeight, o.g.right - o.g.left, o.g.laneHeight);
  }
  for (const m of marks) {
    ctx.globalAlpha = m.opacity;
    if (m.kind === 'rect') {
      ctx.fillStyle = m.colour;
      ctx.fillRect(m.x, m.y, m.w, m.h);
    } else {
      ctx.fillStyle = o.danger;
      ctx.beginPath();
      ctx.arc(m.x, m.y, m.w, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}

/** Adds the marks to `svg` as elements (for an SVG or PNG export); returns a function that removes them. */
export function addSvgMarks(svg: SVGSVGElement, marks: Mark[], danger: string): () => void {
  const ns = 'http://www.w3.org/2000/svg';
  const g = document.createElementNS(ns, 'g');
  for (const m of marks) {
    const el = document.createElementNS(ns, m.kind);
    if (m.kind === 'rect') {
      for (const [k, v] of [['x', m.x], ['y', m.y], ['width', m.w], ['height', m.h]] as const) el.setAttribute(k, String(v));
      el.setAttribute('fill', m.colour);
    } else {
      for (const [k, v] of [['cx', m.x], ['cy', m.y], ['r', m.w]] as const) el.setAttribute(k, String(v));
      el.setAttribute('fill', danger);
    }
    el.setAttribute('fill-opacity', String(m.opacity));
    g.append(el);
  }
  svg.append(g);
  return () => g.remove();
}
