"""How the CLI shows stored telemetry to people: a span tree with the GenAI facts, and tables.

Only presentation lives here; what is shown comes from the query API's plain dicts, so
``--json`` output and these views always agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

# Span attributes worth a column or a line, in the order they are shown.
MODEL_KEYS = ("gen_ai.response.model", "gen_ai.request.model")
PROVIDER_KEYS = ("gen_ai.provider.name", "gen_ai.system")
_INDEXED = re.compile(r"^gen_ai\.(prompt|completion)\.(\d+)\.(role|content|finish_reason|tool_call_id)$")
_TOOL_CALL = re.compile(r"^gen_ai\.(prompt|completion)\.(\d+)\.tool_calls\.(\d+)\.(name|arguments)$")
_SNIPPET = 160


def timestamp(nanoseconds: int | None) -> str:
    if nanoseconds is None:
        return "-"
    moment = datetime.fromtimestamp(nanoseconds / 1e9, tz=timezone.utc)
    return moment.strftime("%m-%d %H:%M:%S")


def milliseconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} ms"


def first(attributes: Mapping[str, Any], keys: Iterable[str]) -> Any:
    return next((attributes[key] for key in keys if key in attributes), None)


def shorten(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def span_tree(spans: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]] = ()) -> Tree:
    """The spans of one trace as a tree, roots first, children in start order."""
    by_id = {span["span_id"]: span for span in spans}
    children: dict[str | None, list[Mapping[str, Any]]] = {}
    for span in sorted(spans, key=lambda span: span["start_time"] or 0):
        parent = span["parent_span_id"] if span["parent_span_id"] in by_id else None
        children.setdefault(parent, []).append(span)
    events_by_span: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        events_by_span.setdefault(event.get("span_id") or "", []).append(event)
    trace_id = spans[0]["trace_id"] if spans else "?"
    tree = Tree(Text(f"trace {trace_id}", style="bold"))

    def add(node: Tree, span: Mapping[str, Any]) -> None:
        branch = node.add(span_label(span))
        for line in message_lines(span["attributes"], events_by_span.get(span["span_id"], ())):
            branch.add(line)
        for child in children.get(span["span_id"], ()):
            add(branch, child)

    for root in children.get(None, ()):
        add(tree, root)
    return tree


def span_label(span: Mapping[str, Any]) -> Text:
    """``name  duration  model  tokens  finish``: what a person scans a GenAI trace for."""
    attributes = span["attributes"]
    label = Text(span["name"], style="bold red" if span.get("status_code") == "ERROR" else "bold")
    label.append(f"  {milliseconds(span.get('duration_ms'))}", style="dim")
    model = first(attributes, MODEL_KEYS)
    if model:
        label.append(f"  {model}", style="cyan")
    usage = tokens(attributes)
    if usage:
        label.append(f"  {usage}", style="magenta")
    reasons = attributes.get("gen_ai.response.finish_reasons")
    if reasons:
        label.append(f"  finish={','.join(map(str, reasons))}", style="green")
    if "error.type" in attributes:
        label.append(f"  error={attributes['error.type']}", style="red")
    return label


def tokens(attributes: Mapping[str, Any]) -> str:
    used_in, used_out = attributes.get("gen_ai.usage.input_tokens"), attributes.get("gen_ai.usage.output_tokens")
    if used_in is None and used_out is None:
        return ""
    return f"tokens {used_in if used_in is not None else '-'} in / {used_out if used_out is not None else '-'} out"


def message_lines(attributes: Mapping[str, Any], events: Iterable[Mapping[str, Any]] = ()) -> list[Text]:
    """The captured messages of a span, from whichever mode recorded them (attributes, JSON or events)."""
    lines = _indexed_messages(attributes)
    lines += _json_messages(attributes)
    lines += [_event_line(event) for event in events if event.get("event_name")]
    return lines


def _indexed_messages(attributes: Mapping[str, Any]) -> list[Text]:
    messages: dict[tuple[str, int], dict[str, Any]] = {}
    for key, value in attributes.items():
        match = _INDEXED.match(key)
        if match:
            messages.setdefault((match[1], int(match[2])), {})[match[3]] = value
            continue
        match = _TOOL_CALL.match(key)
        if match:
            calls = messages.setdefault((match[1], int(match[2])), {}).setdefault("tool_calls", {})
            calls.setdefault(int(match[3]), {})[match[4]] = value
    order = {"prompt": 0, "completion": 1}
    lines = []
    for (kind, _), message in sorted(messages.items(), key=lambda item: (order[item[0][0]], item[0][1])):
        role = message.get("role", "assistant" if kind == "completion" else "?")
        content = message.get("content")
        calls = message.get("tool_calls", {})
        text = content if content else "; ".join(f"{c.get('name')}({c.get('arguments', '')})" for c in calls.values())
        lines.append(_message(role, text or ""))
    return lines


def _json_messages(attributes: Mapping[str, Any]) -> list[Text]:
    lines = []
    for key in ("gen_ai.system_instructions", "gen_ai.input.messages", "gen_ai.output.messages"):
        raw = attributes.get(key)
        if not raw:
            continue
        try:
            items = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            continue
        if key == "gen_ai.system_instructions":
            items = [{"role": "system", "parts": items}]
        for message in items if isinstance(items, list) else ():
            lines.append(_message(message.get("role", "?"), _parts_text(message.get("parts", []))))
    return lines


def _parts_text(parts: Any) -> str:
    texts = []
    for part in parts if isinstance(parts, list) else ():
        if part.get("type") == "text":
            texts.append(str(part.get("content", "")))
        elif part.get("type") == "tool_call":
            texts.append(f"{part.get('name')}({json.dumps(part.get('arguments'))})")
        else:
            texts.append(f"<{part.get('type')}>")
    return " ".join(texts)


def _event_line(event: Mapping[str, Any]) -> Text:
    body = event.get("body") or {}
    content = body.get("content") if isinstance(body, dict) else body
    if content is None and isinstance(body, dict) and isinstance(body.get("message"), dict):
        content = body["message"].get("content")
    return _message(str(event["event_name"]), "" if content is None else str(content))


def _message(role: str, text: str) -> Text:
    line = Text(f"{role}: ", style="yellow")
    line.append(shorten(text) if text else "(no text)", style="" if text else "dim")
    return line


def traces_table(traces: Sequence[Mapping[str, Any]]) -> Table:
    """One row a trace; the service gets a column only when there is more than one (ids stay whole)."""
    services = sorted({trace.get("service_name") or "-" for trace in traces})
    title = f"{len(traces)} trace(s)" + (f" of {services[0]}" if len(services) == 1 else "") + ", started (UTC)"
    table = _table(title)
    table.add_column("trace id", no_wrap=True)  # whole: it is what `genotel trace` takes
    table.add_column("root span")
    if len(services) > 1:
        table.add_column("service")
    table.add_column("started", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    table.add_column("spans", justify="right")
    for trace in traces:
        errors = trace.get("error_count") or 0
        row = [trace["trace_id"], trace.get("root_name") or "-"]
        if len(services) > 1:
            row.append(trace.get("service_name") or "-")
        row += [
            timestamp(trace.get("start_time")),
            milliseconds(trace.get("duration_ms")),
            f"{trace.get('span_count', '-')}" + (f" ({errors} failed)" if errors else ""),
        ]
        table.add_row(*row)
    return table


def spans_table(spans: Sequence[Mapping[str, Any]]) -> Table:
    """One row a span; a failed span's name is red (its status is in ``--json``)."""
    table = _table(f"{len(spans)} span(s)")
    table.add_column("trace id", no_wrap=True)
    table.add_column("name", ratio=1)
    table.add_column("model", ratio=1)
    table.add_column("in/out", justify="right", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    for span in spans:
        attributes = span["attributes"]
        used_in, used_out = attributes.get("gen_ai.usage.input_tokens"), attributes.get("gen_ai.usage.output_tokens")
        table.add_row(
            span["trace_id"],
            Text(span["name"], style="red" if span.get("status_code") == "ERROR" else ""),
            str(first(attributes, MODEL_KEYS) or "-"),
            "-" if used_in is None and used_out is None else f"{_or_dash(used_in)}/{_or_dash(used_out)}",
            milliseconds(span.get("duration_ms")),
        )
    return table


def _table(title: str) -> Table:
    """Light borders and tight padding: ids stay whole in an 80-column terminal."""
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)


def _or_dash(value: Any) -> str:
    return "-" if value is None else str(value)


def metrics_table(name: str, series: Sequence[Mapping[str, Any]]) -> Table:
    unit = next((one.get("unit") for one in series if one.get("unit")), "")
    table = _table(f"{name} ({unit or 'no unit'}): {len(series)} series")
    table.add_column("labels")
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    for one in series:
        labels = ", ".join(f"{key}={value}" for key, value in sorted(one["labels"].items())) or "(all)"
        values = [value for _, value in one["values"]]
        table.add_row(labels, str(len(values)), f"{sum(values):,.6g}")
    return table


def print_json(console: Console, value: Any) -> None:
    """Machine output: plain JSON on stdout, no colour, no wrapping."""
    console.file.write(json.dumps(value, indent=2, default=str) + "\n")
