// One trace as a tree: each span's name, model, tokens, latency and finish reason at a glance; open a span
// for its conversation (chat bubbles), its CRS action and every attribute.

import { api } from "./api.js";
import { chatBubbles, conversation } from "./chat.js";
import { append, clear, el, formatMs, formatTime } from "./dom.js";

const MODEL_KEYS = ["gen_ai.response.model", "gen_ai.request.model"];
const TASK_PREFIXES = ["task.", "round.", "team."];

function first(attributes, keys) {
  for (const key of keys) if (attributes[key] !== undefined) return attributes[key];
  return undefined;
}

function facts(span) {
  const a = span.attributes || {};
  const items = [];
  const model = first(a, MODEL_KEYS);
  if (model !== undefined) items.push(el("span", { class: "model", text: model }));
  const input = a["gen_ai.usage.input_tokens"];
  const output = a["gen_ai.usage.output_tokens"];
  if (input !== undefined || output !== undefined) {
    items.push(el("span", { class: "tokens", text: `${input ?? "-"} in / ${output ?? "-"} out tokens` }));
  }
  items.push(el("span", { class: "latency", text: formatMs(span.duration_ms) }));
  const finish = a["gen_ai.response.finish_reasons"];
  if (finish !== undefined) items.push(el("span", { class: "finish", text: `finish: ${[].concat(finish).join(", ")}` }));
  if (a["crs.action.category"] !== undefined) items.push(el("span", { class: "badge crs", text: `CRS ${a["crs.action.category"]}` }));
  if (span.status === "error") items.push(el("span", { class: "badge error", text: a["error.type"] || "error" }));
  return items;
}

function keyValues(title, entries, cls) {
  if (!entries.length) return null;
  return el(
    "div",
    { class: cls },
    title ? el("h4", { text: title }) : null,
    el("dl", {}, entries.map(([key, value]) => [el("dt", { text: key }), el("dd", { text: typeof value === "string" ? value : JSON.stringify(value) })])),
  );
}

function spanDetail(span, events) {
  const a = span.attributes || {};
  const messages = conversation(a, events);
  const action = Object.entries(a).filter(([key]) => key.startsWith("crs.") || key.startsWith("fuzz."));
  const all = Object.entries(a).sort(([x], [y]) => x.localeCompare(y));
  return el(
    "div",
    { class: "span-detail" },
    el("div", { class: "dim mono", text: `span ${span.span_id} · ${span.kind || ""} · ${span.service_name || ""} · ${formatTime(span.start_time)}` }),
    span.status_message ? el("div", { class: "error", text: span.status_message }) : null,
    messages.length ? chatBubbles(messages) : null,
    keyValues("CRS action", action, "crs-action"),
    all.length ? el("details", {}, el("summary", { text: `${all.length} attribute(s)` }), keyValues("", all, "attributes")) : null,
  );
}

function spanNode(span, childrenOf, eventsOf) {
  const row = el("button", { type: "button", class: `span-row${span.status === "error" ? " failed" : ""}`, "aria-expanded": "false" },
    el("span", { class: "span-name", text: span.name }), facts(span));
  const node = el("li", { class: "span", "data-span-id": span.span_id }, row);
  let detail = null;
  row.addEventListener("click", () => {
    const open = row.getAttribute("aria-expanded") === "true";
    row.setAttribute("aria-expanded", String(!open));
    if (open) {
      detail?.remove();
      detail = null;
    } else {
      detail = spanDetail(span, eventsOf.get(span.span_id) || []);
      row.after(detail);
    }
  });
  const children = childrenOf.get(span.span_id) || [];
  if (children.length) node.append(el("ul", { class: "tree" }, children.map((child) => spanNode(child, childrenOf, eventsOf))));
  return node;
}

function taskMetadata(spans) {
  const found = new Map();
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.attributes || {})) {
      if (TASK_PREFIXES.some((prefix) => key.startsWith(prefix)) && !found.has(key)) found.set(key, value);
    }
  }
  return keyValues("Task", [...found.entries()], "task-meta");
}

export async function showTrace(root, traceId) {
  const { payload, nextOffset } = await api.trace(traceId);
  const { trace, spans, events } = payload;
  const ids = new Set(spans.map((span) => span.span_id));
  const childrenOf = new Map();
  for (const span of spans) {
    const parent = ids.has(span.parent_span_id) ? span.parent_span_id : null;
    if (!childrenOf.has(parent)) childrenOf.set(parent, []);
    childrenOf.get(parent).push(span);
  }
  const eventsOf = new Map();
  for (const event of events) {
    if (!eventsOf.has(event.span_id)) eventsOf.set(event.span_id, []);
    eventsOf.get(event.span_id).push(event);
  }
  append(clear(root.querySelector("#trace-head")), [
    el("h2", { text: trace.root_name || trace.trace_id }),
    el("p", { class: "dim" },
      el("span", { class: "mono", text: trace.trace_id }),
      ` · ${trace.service_name || "-"} · ${formatTime(trace.start_time)} · ${formatMs(trace.duration_ms)} · ${trace.span_count} span(s)`,
      trace.error_count ? el("span", { class: "badge error", text: `${trace.error_count} failed` }) : null),
    nextOffset ? el("p", { class: "dim", text: `Showing the first ${spans.length} of ${trace.span_count} spans.` }) : null,
  ]);
  append(clear(root.querySelector("#task-meta")), [taskMetadata(spans)]);
  const tree = clear(root.querySelector("#span-tree"));
  for (const top of childrenOf.get(null) || []) tree.append(spanNode(top, childrenOf, eventsOf));
  return spans.map((span) => first(span.attributes || {}, MODEL_KEYS)).filter((model) => typeof model === "string");
}
