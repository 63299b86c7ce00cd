// The radar chart of dimension scores, drawn as SVG nodes (no HTML strings). The geometry is a pure
// function of the scores the core returned; nothing here scores anything.
import { s } from './dom.js';

export const RADAR = { width: 360, height: 280, cx: 180, cy: 144, r: 86, labelGap: 10 };

/** Angle of axis i of n, starting at the top and going clockwise. */
export function axisAngle(i, n) {
  return -Math.PI / 2 + (2 * Math.PI * i) / n;
}

/** The point of `value` (0–100) on axis i of n, rounded to 0.1 px. */
export function radarPoint(i, n, value, { cx, cy, r } = RADAR) {
  const a = axisAngle(i, n);
  const k = (Math.max(0, Math.min(100, value)) / 100) * r;
  return [Math.round((cx + k * Math.cos(a)) * 10) / 10, Math.round((cy + k * Math.sin(a)) * 10) / 10];
}

/** "x,y x,y …" for the values that are numbers; null values are left out (not enough answers). */
export function polygonPoints(values, geometry = RADAR) {
  const n = values.length;
  return values
    .map((v, i) => (typeof v === 'number' ? radarPoint(i, n, v, geometry).join(',') : null))
    .filter(Boolean)
    .join(' ');
}

/** Splits a label in at most two lines of about `width` characters. */
export function labelLines(text, width = 16) {
  if (text.length <= width) return [text];
  const words = text.split(/\s+/);
  let first = '';
  while (words.length && (first + ' ' + words[0]).trim().length <= Math.max(width, words[0].length)) first = `${first} ${words.shift()}`.trim();
  if (!first) first = words.shift();
  return words.length ? [first, words.join(' ')] : [first];
}

/**
 * Creates the chart for `labels` (one per dimension). Returns {node, update(values, overlay)}
 * where values are scores or null and overlay is an optional array of reference scores.
 */
export function createRadar({ labels, title, description }) {
  const n = labels.length;
  const g = RADAR;
  const titleId = `radar-title-${Math.random().toString(36).slice(2, 8)}`;
  const svg = s('svg', {
    class: 'radar', viewBox: `0 0 ${g.width} ${g.height}`, role: 'img', 'aria-labelledby': titleId, part: 'radar',
    focusable: 'false',
  });
  const titleNode = s('title', { id: titleId, text: title });
  const descNode = s('desc', { text: description ?? '' });
  svg.append(titleNode, descNode);

  for (const level of [25, 50, 75, 100]) {
    const pts = labels.map((_, i) => radarPoint(i, n, level).join(',')).join(' ');
    svg.append(s('polygon', { class: 'grid', points: pts }));
  }
  labels.forEach((_, i) => {
    const [x, y] = radarPoint(i, n, 100);
    svg.append(s('line', { class: 'axis', x1: g.cx, y1: g.cy, x2: x, y2: y }));
  });
  for (const level of [50, 100]) {
    const [, y] = radarPoint(0, n, level);
    svg.append(s('text', { class: 'tick', x: g.cx + 4, y: y + 10, text: String(level) }));
  }

  const overlay = s('polygon', { class: 'overlay', points: '' });
  const previous = s('polygon', { class: 'previous', points: '' });
  const area = s('polygon', { class: 'area', points: '' });
  svg.append(overlay, previous, area);
  const dots = labels.map(() => s('circle', { class: 'dot', r: 3.5, cx: g.cx, cy: g.cy }));
  svg.append(...dots);

  const labelNodes = labels.map((label, i) => {
    const a = axisAngle(i, n);
    const [x, y] = radarPoint(i, n, 100, { ...g, r: g.r + g.labelGap });
    const cos = Math.cos(a);
    const anchor = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
    const lines = labelLines(label, 13);
    const sin = Math.sin(a);
    const dy0 = sin < -0.3 ? -(lines.length - 1) * 17 : sin > 0.3 ? 12 : 5 - (lines.length - 1) * 8.5;
    const text = s('text', { class: 'axis-label', x, y: y + dy0, 'text-anchor': anchor });
    lines.forEach((line, k) => text.append(s('tspan', { x, dy: k === 0 ? 0 : 17, text: line })));
    svg.append(text);
    return text;
  });

  function update(values, overlayValues) {
    const sufficient = values.filter((v) => typeof v === 'number').length;
    area.setAttribute('points', sufficient >= 3 ? polygonPoints(values) : '');
    area.style.display = sufficient >= 3 ? '' : 'none';
    values.forEach((v, i) => {
      const on = typeof v === 'number';
      const [x, y] = on ? radarPoint(i, n, v) : [g.cx, g.cy];
      dots[i].setAttribute('cx', x);
      dots[i].setAttribute('cy', y);
      dots[i].style.display = on ? '' : 'none';
      labelNodes[i].setAttribute('class', on ? 'axis-label' : 'axis-label insufficient');
    });
    const hasOverlay = Array.isArray(overlayValues) && overlayValues.filter((v) => typeof v === 'number').length >= 3;
    overlay.setAttribute('points', hasOverlay ? polygonPoints(overlayValues) : '');
    overlay.style.display = hasOverlay ? '' : 'none';
  }

  /** An earlier result's scores (null values left out), drawn dashed under the current ones; null takes it away. */
  function setPrevious(values) {
    previous.setAttribute('points', values?.filter((v) => typeof v === 'number').length >= 3 ? polygonPoints(values) : '');
  }

  return { node: svg, update, setPrevious, setDescription: (text) => { descNode.textContent = text; } };
}
