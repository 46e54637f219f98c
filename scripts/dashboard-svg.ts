/**
 * Draws a CloudWatch dashboard body as SVG: one panel per widget at its grid position (24 columns),
 * its title, a line per metric from sample series, the horizontal annotations and a legend. For
 * the README picture only; CloudWatch draws the real dashboard.
 */
import type { DashboardWidget } from "../lib/backup-dashboard";

/** Pixels per grid column and per grid row. */
const CELL = { x: 56, y: 42 };
const PALETTE = ["#1f77b4", "#2ca02c", "#17becf", "#bcbd22", "#e377c2", "#7f7f7f"];

/** A deterministic series of `n` points for a metric (a seeded pseudo-random walk). */
export function sampleSeries(seedText: string, n: number, scale: number): number[] {
  let seed = [...seedText].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const failing = /Failed|Missing|Breaches|NotRun|Incomplete|ValidationFailed|NotProtected|NotValidated/.test(seedText);
  return Array.from({ length: n }, (_, i) => {
    if (failing) return next() > 0.9 ? Math.ceil(next() * 2) : 0;
    return Math.max(0, scale * (0.6 + 0.4 * Math.sin(i / 3 + next())) + next() * scale * 0.2);
  });
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The SVG document of a dashboard body. */
export function dashboardSvg(body: { widgets: DashboardWidget[] }, title: string, points = 24): string {
  const width = 24 * CELL.x;
  const height = Math.max(...body.widgets.map((w) => w.y + w.height)) * CELL.y + 40;
  const panels = body.widgets.map((w) => panel(w, points)).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="#f2f3f3"/>
<text x="12" y="26" font-size="17" font-weight="bold" fill="#16191f">${escape(title)}</text>
<text x="${width - 12}" y="26" font-size="12" fill="#687078" text-anchor="end">illustrative data; metric definitions from the dashboard body</text>
<g transform="translate(0,36)">${panels}</g>
</svg>`;
}

function panel(w: DashboardWidget, points: number): string {
  const p = w.properties as { title: string; metrics: unknown[][]; annotations?: { horizontal?: { label: string; value: number; color?: string }[] } };
  const x = w.x * CELL.x + 6;
  const y = w.y * CELL.y + 6;
  const pw = w.width * CELL.x - 12;
  const ph = w.height * CELL.y - 12;
  const plot = { x: x + 40, y: y + 34, w: pw - 52, h: ph - 110 };
  const series = p.metrics.map((m) => {
    const options = (m[4] ?? {}) as { label?: string; color?: string };
    const name = String(m[1]);
    const scale = /Hours/.test(name) ? 2.5 : /Findings/.test(name) ? 3 : /Proven/.test(name) ? 3 : 12;
    return { label: options.label ?? name, color: options.color, values: sampleSeries(`${p.title}/${name}/${String(m[3])}`, points, scale) };
  });
  const lines = p.annotations?.horizontal ?? [];
  const max = Math.max(1, ...series.flatMap((s) => s.values), ...lines.map((l) => l.value)) * 1.15;
  const px = (i: number) => plot.x + (i / (points - 1)) * plot.w;
  const py = (v: number) => plot.y + plot.h - (v / max) * plot.h;
  const paths = series.map((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.values.map((v, j) => `${px(j).toFixed(1)},${py(v).toFixed(1)}`).join(" ")}"/>`;
  });
  const annotations = lines.map((l) => `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${py(l.value)}" y2="${py(l.value)}" stroke="${l.color ?? "#687078"}" stroke-dasharray="6 4"/>` +
    `<text x="${plot.x + plot.w - 4}" y="${py(l.value) - 4}" font-size="11" text-anchor="end" fill="${l.color ?? "#687078"}">${escape(l.label)} ${l.value}</text>`);
  const legend = series.map((s, i) => {
    const lx = x + 10 + (i % 2) * (pw / 2);
    const ly = plot.y + plot.h + 24 + Math.floor(i / 2) * 16;
    return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${s.color ?? PALETTE[i % PALETTE.length]}"/><text x="${lx + 14}" y="${ly}" font-size="11" fill="#16191f">${escape(s.label)}</text>`;
  });
  const axis = [0, 0.5, 1].map((f) => `<text x="${plot.x - 6}" y="${py(max / 1.15 * f) + 4}" font-size="10" text-anchor="end" fill="#687078">${(max / 1.15 * f).toFixed(f === 0 ? 0 : 1)}</text>`);
  return `<g><rect x="${x}" y="${y}" width="${pw}" height="${ph}" fill="#ffffff" stroke="#d5dbdb"/>
<text x="${x + 10}" y="${y + 20}" font-size="13" font-weight="bold" fill="#16191f">${escape(p.title)}</text>
<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${plot.y + plot.h}" y2="${plot.y + plot.h}" stroke="#d5dbdb"/>
${axis.join("")}${paths.join("")}${annotations.join("")}${legend.join("")}</g>`;
}
