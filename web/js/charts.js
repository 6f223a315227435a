// Charts drawn as SVG by the page itself (no library, no CDN): horizontal bars with their labels and counts, read
// by a screen reader as a table.
import { esc } from './ui.js';

/// Horizontal bars: [{label, count}]; `caption` names the chart for assistive technology.
export function barChart(bars, { caption = '' } = {}) {
  const most = Math.max(1, ...bars.map((b) => b.count));
  const total = bars.reduce((s, b) => s + b.count, 0);
  const row = 28;
  const height = bars.length * row;
  const body = bars.map((b, i) => {
    // the bars take 78 % of the width, the counts the rest
    const width = Math.round((b.count / most) * 78);
    const share = total ? Math.round((b.count * 100) / total) : 0;
    return `<g transform="translate(0 ${i * row})"><rect class="chart-track" x="0" y="6" width="78%" height="16"
      rx="3"></rect><rect class="chart-bar" x="0" y="6" width="${width}%" height="16" rx="3"></rect></g>
      <text class="chart-count" x="100%" y="${i * row + 19}" text-anchor="end" dx="-4">${b.count}${total
        ? ` · ${share}%` : ''}</text>`;
  }).join('');
  const labels = bars.map((b) => `<div class="chart-label">${esc(b.label)}</div>`).join('');
  const table = `<div class="sr-only"><table><caption>${esc(caption)}</caption><tbody>${bars.map((b) => `<tr><th
    scope="row">${esc(b.label)}</th><td>${b.count}</td></tr>`).join('')}</tbody></table></div>`;
  return `<figure class="chart" aria-hidden="false"><div class="chart-grid"><div class="chart-labels"
    aria-hidden="true">${labels}</div><svg class="chart-svg" aria-hidden="true" width="100%" height="${height}"
    preserveAspectRatio="none">${body}</svg></div>${table}</figure>`;
}

/// Vertical columns over time: [{label, count, title}] left to right, the highest labelled; on a phone the labels thin
/// out so that they never overlap. Read by a screen reader as a table.
export function columnChart(points, { caption = '', unit = '' } = {}) {
  const most = Math.max(1, ...points.map((p) => p.count));
  const n = Math.max(1, points.length);
  const every = Math.ceil(n / 7);
  const width = 100 / n;
  const columns = points.map((p, i) => {
    const h = Math.round((p.count / most) * 100);
    return `<g><title>${esc(p.title || p.label)}: ${p.count}${unit}</title><rect class="chart-bar" x="${i * width
      + width * 0.15}%" y="${100 - h}%" width="${width * 0.7}%" height="${h}%" rx="2"></rect></g>`;
  }).join('');
  // labels as SVG text: the page's CSP allows no inline styles to place them
  const labels = points.map((p, i) => (i % every === 0 ? `<text x="${(i + 0.5) * width}%" y="14"
    text-anchor="middle">${esc(p.label)}</text>` : '')).join('');
  const table = `<div class="sr-only"><table><caption>${esc(caption)}</caption><tbody>${points.map((p) => `<tr><th
    scope="row">${esc(p.title || p.label)}</th><td>${p.count}${unit}</td></tr>`).join('')}</tbody></table></div>`;
  return `<figure class="chart columns"><div class="chart-top" aria-hidden="true">${most}${unit}</div><svg
    class="chart-svg" aria-hidden="true" width="100%" height="180" preserveAspectRatio="none">${columns}</svg><svg
    class="chart-axis" aria-hidden="true" width="100%" height="20">${labels}</svg>${table}</figure>`;
}
