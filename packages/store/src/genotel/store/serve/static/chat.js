// A GenAI span's captured conversation as chat bubbles, from whichever form recorded it:
// indexed attributes (gen_ai.prompt.N.*), JSON message attributes (gen_ai.input.messages) or GenAI events.
// Every text goes in with textContent (dom.js): a prompt holding HTML or script shows as that text.

import { el } from "./dom.js";

const INDEXED = /^gen_ai\.(prompt|completion)\.(\d+)\.(role|content|finish_reason|tool_call_id)$/;
const TOOL_CALL = /^gen_ai\.(prompt|completion)\.(\d+)\.tool_calls\.(\d+)\.(name|arguments|id)$/;

function fromIndexed(attributes) {
  const found = new Map();
  for (const [key, value] of Object.entries(attributes)) {
    let match = INDEXED.exec(key);
    if (match) {
      entry(found, match[1], match[2])[match[3]] = value;
      continue;
    }
    match = TOOL_CALL.exec(key);
    if (match) {
      const calls = (entry(found, match[1], match[2]).tool_calls ||= {});
      (calls[match[3]] ||= {})[match[4]] = value;
    }
  }
  const order = (k) => (k.startsWith("prompt") ? 0 : 1e6) + Number(k.split(":")[1]);
  return [...found.entries()]
    .sort((a, b) => order(a[0]) - order(b[0]))
    .map(([key, m]) => ({
      role: m.role || (key.startsWith("completion") ? "assistant" : "user"),
      text: m.content,
      toolCallId: m.tool_call_id,
      finish: m.finish_reason,
      toolCalls: Object.keys(m.tool_calls || {}).sort((a, b) => a - b).map((i) => m.tool_calls[i]),
    }));
}

function entry(found, kind, index) {
  const key = `${kind}:${index}`;
  if (!found.has(key)) found.set(key, {});
  return found.get(key);
}

function parse(raw) {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function fromParts(role, parts, finish) {
  const message = { role, text: "", toolCalls: [], finish };
  const texts = [];
  for (const part of Array.isArray(parts) ? parts : []) {
    if (part.type === "text") texts.push(String(part.content ?? ""));
    else if (part.type === "tool_call") message.toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments });
    else if (part.type === "tool_call_response") {
      message.toolCallId = part.id;
      texts.push(typeof part.response === "string" ? part.response : JSON.stringify(part.response));
    } else texts.push(`<${part.type}>`);
  }
  message.text = texts.join("\n");
  return message;
}

function fromJson(attributes) {
  const messages = [];
  const system = parse(attributes["gen_ai.system_instructions"]);
  if (Array.isArray(system)) messages.push(fromParts("system", system));
  for (const key of ["gen_ai.input.messages", "gen_ai.output.messages"]) {
    const items = parse(attributes[key]);
    for (const m of Array.isArray(items) ? items : []) messages.push(fromParts(m.role || "?", m.parts, m.finish_reason));
  }
  return messages;
}

function fromEvents(events) {
  const messages = [];
  for (const event of events) {
    const name = event.event_name || "";
    if (!name.startsWith("gen_ai.")) continue;
    const body = event.body && typeof event.body === "object" ? event.body : { content: event.body };
    const inner = body.message && typeof body.message === "object" ? body.message : body;
    const role = name === "gen_ai.choice" ? inner.role || "assistant" : name.replace(/^gen_ai\.|\.message$/g, "");
    messages.push({
      role,
      text: typeof inner.content === "string" ? inner.content : inner.content == null ? "" : JSON.stringify(inner.content),
      toolCallId: body.id,
      finish: body.finish_reason,
      toolCalls: (inner.tool_calls || []).map((c) => ({ id: c.id, name: c.function?.name, arguments: c.function?.arguments })),
    });
  }
  return messages;
}

export function conversation(attributes, events) {
  return [...fromIndexed(attributes), ...fromJson(attributes), ...fromEvents(events)];
}

function toolCall(call) {
  const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {});
  return el(
    "div",
    { class: "tool-call" },
    el("span", { class: "tool-name", text: `→ ${call.name || "tool"}` }),
    call.id ? el("span", { class: "dim mono", text: ` ${call.id}` }) : null,
    el("pre", { text: args }),
  );
}

export function chatBubbles(messages) {
  const list = el("div", { class: "chat" });
  for (const m of messages) {
    const role = String(m.role || "?");
    const kind = ["system", "user", "assistant", "tool"].includes(role) ? role : "other";
    const bubble = el(
      "div",
      { class: `bubble ${kind}` },
      el("div", { class: "role" }, m.toolCallId ? `${role} result ` : role, m.toolCallId ? el("span", { class: "call-id", text: m.toolCallId }) : null),
      m.text ? el("div", { class: "text", text: m.text }) : null,
      (m.toolCalls || []).map(toolCall),
      m.finish ? el("div", { class: "dim", text: `finish: ${m.finish}` }) : null,
    );
    list.append(bubble);
  }
  return list;
}
