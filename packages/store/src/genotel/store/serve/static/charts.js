// The metrics panel: token usage and latency over time per model, drawn as inline SVG line charts.
// Labels (model names come from the store) are SVG text nodes set with textContent.

import { api } from "./api.js";
import { clear, el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const COLORS = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#4b5563"];
const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 64, right: 16, top: 16, bottom: 36 };
const MODEL = "gen_ai.request.model";

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function granularity(windowSeconds) {
  if (windowSeconds <= 3600) return "1m";
  if (windowSeconds <= 86400) return "30m";
  return "6h";
}

function label(series) {
  const found = series.labels.find((pair) => pair.name === MODEL);
  return found ? found.value : "(no model)";
}

function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / power) * power;
}

const total = (values) => values.reduce((sum, p) => sum + p.value, 0);
const mean = (values) => (values.length ? total(values) / values.length : 0);

export function lineChart(title, unit, series, start, end, summarize = total) {
  const figure = el("div", { class: "chart-body" });
  const maxValue = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((p) => p.value))));
  const x = (t) => PAD.left + ((t - start) / Math.max(1, end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / maxValue) * (HEIGHT - PAD.top - PAD.bottom);
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "plot" });
  chart.append(svg("title", {}, title));
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = maxValue * fraction;
    chart.append(svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: "grid" }));
    chart.append(svg("text", { x: PAD.left - 6, y: y(value) + 4, "text-anchor": "end", class: "axis" }, formatValue(value)));
  }
  for (const [stamp, anchor] of [[start, "start"], [(start + end) / 2, "middle"], [end, "end"]]) {
    const text = new Date(stamp * 1000).toLocaleString([], { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    chart.append(svg("text", { x: x(stamp), y: HEIGHT - 12, "text-anchor": anchor, class: "axis" }, text));
  }
  series.forEach((one, index) => {
    const color = COLORS[index % COLORS.length];
    const points = one.values.map((p) => `${x(p.timestamp).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
    if (one.values.length > 1) chart.append(svg("polyline", { points, fill: "none", stroke: color, "stroke-width": 2 }));
    for (const p of one.values) {
      const dot = svg("circle", { cx: x(p.timestamp).toFixed(1), cy: y(p.value).toFixed(1), r: 4, fill: color });
      dot.append(svg("title", {}, `${label(one)}: ${formatValue(p.value)} ${unit}`));
      chart.append(dot);
    }
  });
  const legend = el("ul", { class: "legend" });
  series.forEach((one, index) => {
    const swatch = el("span", { class: "swatch", "data-color": index % COLORS.length });
    legend.append(el("li", { class: "legend-item" }, swatch, el("span", { class: "legend-model", text: label(one) }), el("span", { class: "dim", text: ` ${formatValue(summarize(one.values))} ${unit}` })));
  });
  figure.append(chart, legend);
  return figure;
}

function formatValue(value) {
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10000 ? 0 : 1)}k`;
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

async function draw(figure, title, metric, unit, stat, windowSeconds, transform, summarize) {
  const end = Math.floor(Date.now() / 1000);
  const start = end - windowSeconds;
  const body = { start_time: start, end_time: end, granularity: granularity(windowSeconds), query_type: "range", group_by: [MODEL], stat };
  const { payload } = await api.metrics(metric, body);
  const series = payload.data.map(transform);
  clear(figure).append(el("figcaption", { text: title }));
  figure.append(series.length ? lineChart(title, unit, series, start, end, summarize) : el("p", { class: "dim", text: "No data in this window." }));
}

export async function showMetrics(root) {
  const windowSeconds = Number(root.querySelector("#metrics-window select").value);
  const ms = (s) => ({ ...s, values: s.values.map((p) => ({ ...p, value: p.value * 1000 })) });
  await Promise.all([
    draw(root.querySelector("#chart-tokens"), "Token usage per model", "gen_ai.client.token.usage", "tokens", "sum", windowSeconds, (s) => s, total),
    draw(root.querySelector("#chart-latency"), "Latency per model (mean)", "gen_ai.client.operation.duration", "ms", "avg", windowSeconds, ms, mean),
  ]);
}
