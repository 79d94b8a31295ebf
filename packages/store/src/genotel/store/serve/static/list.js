// The trace list: newest first, filtered by service, model, status, start time and any attribute, paged.

import { api } from "./api.js";
import { clear, el, formatMs, formatTime, show } from "./dom.js";

const PAGE = 25;
const state = { offset: 0, filters: {} };

function numberOrText(raw) {
  const text = raw.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function requestBody() {
  const f = state.filters;
  const conditions = [];
  if (f.service) conditions.push({ key: "service_name", op: "eq", value: f.service });
  if (f.model) conditions.push({ key: "gen_ai.request.model", op: "eq", value: f.model });
  if (f.key && f.value !== "") conditions.push({ key: f.key, op: f.op || "eq", value: numberOrText(f.value) });
  const body = { limit: PAGE, offset: state.offset, order_by: ["-start_time"] };
  if (conditions.length) body.attribute_filters = conditions;
  if (f.status) body.status = f.status;
  if (f.since) body.started_after = Date.now() / 1000 - Number(f.since);
  return body;
}

function traceRow(trace) {
  const link = el("a", { href: `#/trace/${encodeURIComponent(trace.trace_id)}`, class: "trace-link", text: trace.root_name || trace.trace_id });
  const failed = trace.error_count > 0;
  return el(
    "tr",
    { class: failed ? "failed" : "", "data-trace-id": trace.trace_id },
    el("td", { text: formatTime(trace.start_time) }),
    el("td", {}, link, el("div", { class: "dim mono", text: trace.trace_id })),
    el("td", { text: trace.service_name || "-" }),
    el("td", { class: "num", text: trace.span_count }),
    el("td", {}, el("span", { class: `badge ${failed ? "error" : "ok"}`, text: failed ? `${trace.error_count} failed` : "ok" })),
    el("td", { class: "num", text: formatMs(trace.duration_ms) }),
  );
}

export async function showTraceList(root) {
  const body = root.querySelector("#trace-list tbody");
  const { payload, nextOffset } = await api.traces(requestBody());
  clear(body);
  for (const trace of payload.data) body.append(traceRow(trace));
  show(root.querySelector("#trace-list-empty"), payload.data.length === 0);
  root.querySelector("#newer").disabled = state.offset === 0;
  root.querySelector("#older").disabled = nextOffset === null;
  const first = payload.data.length ? state.offset + 1 : 0;
  root.querySelector("#page-info").textContent = `${first}–${state.offset + payload.data.length}`;
  document.body.dataset.ready = "true";
}

export function wireTraceList(root, onError) {
  const form = root.querySelector("#filters");
  const refresh = () => showTraceList(root).catch(onError);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = Object.fromEntries(new FormData(form).entries());
    state.offset = 0;
    refresh();
  });
  root.querySelector("#older").addEventListener("click", () => {
    state.offset += PAGE;
    refresh();
  });
  root.querySelector("#newer").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    refresh();
  });
}

export function rememberModels(datalist, models) {
  const known = new Set([...datalist.options].map((option) => option.value));
  for (const model of models) {
    if (!known.has(model)) datalist.append(el("option", { value: model }));
  }
}
