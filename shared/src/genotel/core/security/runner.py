"""Runs the configured local detectors on one call's text at finish, within a time budget.

The text comes from the neutral model (the prompt's messages and system instructions, the
completion's parts), converted because detectors are on even when content capture is off.
Findings become ``SafetyFinding`` records (mapped by ``signals``, with the provider's own),
``gen_ai.security.*`` attributes and one ``gen_ai.evaluation.result`` event each. A detector
that raises is skipped; once the budget is spent, the remaining work is skipped. Long texts are
read in slices (``slices``), so the clock is looked at every 16 KB.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from time import perf_counter
from typing import Any

from opentelemetry.trace import Span, set_span_in_context

from ..guard import swallowed
from ..model import (
    GenericPart,
    Message,
    OutputMessage,
    Part,
    ReasoningPart,
    Request,
    Response,
    Safety,
    SafetyFinding,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
)
from . import names as n
from .detectors import Finding

_ROLES = {"regex", "policy", "compliance", "injection"}


class DetectorRunner:
    """The detectors of one instrumentor, built once at ``instrument()``."""

    __slots__ = ("budget", "detectors", "logger", "provider_key")

    def __init__(self, detectors: tuple[Any, ...], budget_ms: int, logger: Any, provider_key: str) -> None:
        self.detectors = tuple(
            (detector, _name_of(detector), getattr(detector, "role", "policy")) for detector in detectors
        )
        self.budget = budget_ms / 1000
        self.logger = logger
        self.provider_key = provider_key

    def run(
        self, span: Span, request: Request, response: Response | None, provider: str, attributes: dict[str, Any]
    ) -> Safety | None:
        """Detect in the prompt and the completion; add attributes, emit events, return the merged safety."""
        deadline = perf_counter() + self.budget
        texts = [(n.REQUEST, piece) for text in request_texts(request) for piece in slices(text)]
        if response is not None:
            texts.extend((n.RESPONSE, piece) for text in response_texts(response.messages) for piece in slices(text))
        findings: list[SafetyFinding] = []
        assessed: set[str] = set()
        events: list[tuple[str, Finding]] = []
        regex_matches = 0
        injection: float | None = None
        for detector, name, role in self.detectors:
            for stage, text in texts:
                if perf_counter() > deadline:
                    break
                try:
                    found = list(detector(text))
                except Exception:
                    swallowed(f"detector {name}")
                    break
                if role == "compliance":
                    assessed.add(stage)
                elif role == "injection":
                    injection = injection or 0.0
                for finding in found:
                    if not isinstance(finding, Finding):
                        continue
                    events.append((name, finding))
                    if role == "injection":
                        injection = max(injection or 0.0, finding.score or 0.0)
                    elif role == "compliance":
                        findings.append(SafetyFinding(stage, code=finding.kind, detail=finding.match))
                    else:
                        regex_matches += role == "regex"
                        findings.append(SafetyFinding(stage, policy=finding.kind, detail=finding.match))
        if any(role == "regex" for _, _, role in self.detectors):
            attributes[n.SECURITY_REGEX_PATTERN_COUNT] = regex_matches
        if injection is not None:
            attributes[n.SECURITY_PROMPT_INJECTION_SCORE] = injection
        self._emit(span, events, provider, response)
        safety = response.safety if response is not None else None
        if not findings and not assessed:
            return safety
        merged = Safety(list(safety.findings), set(safety.assessed), safety.guardrail_id) if safety else Safety()
        merged.findings.extend(findings)
        merged.assessed |= assessed
        return merged

    def _emit(self, span: Span, events: list[tuple[str, Finding]], provider: str, response: Response | None) -> None:
        if not events:
            return
        context = set_span_in_context(span)
        base: dict[str, Any] = {self.provider_key: provider}
        if response is not None and response.id:
            base["gen_ai.response.id"] = response.id
        for name, finding in events:
            attributes = {**base, n.EVALUATION_NAME: name, n.EVALUATION_SCORE_LABEL: finding.kind}
            if finding.score is not None:
                attributes[n.EVALUATION_SCORE_VALUE] = float(finding.score)
            self.logger.emit(event_name=n.EVALUATION_RESULT_EVENT, attributes=attributes, context=context)


SLICE = 16384  # characters a detector reads between two looks at the clock


def slices(text: str, size: int = SLICE) -> Iterator[str]:
    """``text`` in pieces of about ``size``, so a long text cannot outrun the budget in one detector call.

    Each cut is at the last line break of the piece's final KB, else at a space between two
    non-digits (a card or phone number is not cut), else at ``size``.
    """
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", end - 1024, end)
        if cut == -1:
            cut = next(
                (i for i in range(end - 1, end - 1024, -1)
                 if text[i] == " " and not text[i - 1].isdigit() and not text[i + 1].isdigit()),
                end,
            )  # fmt: skip
        yield text[start:cut]
        start = cut
    yield text[start:]


def _name_of(detector: Any) -> str:
    name = getattr(detector, "name", None) or getattr(detector, "__name__", None) or type(detector).__name__
    return str(name)


def request_texts(request: Request) -> Iterator[str]:
    yield from _part_texts(request.system_instructions)
    for message in request.messages:
        yield from _part_texts(message.parts)


def response_texts(messages: list[OutputMessage] | list[Message]) -> Iterator[str]:
    for message in messages:
        yield from _part_texts(message.parts)


def _text(value: Any) -> str:
    """Tool input and results as sent: a string, or structured values as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _part_texts(parts: list[Part]) -> Iterator[str]:
    """The text a person or a tool wrote: text, reasoning, tool arguments and results, refusals."""
    for part in parts:
        if isinstance(part, (TextPart, ReasoningPart)):
            if part.content:
                yield part.content
        elif isinstance(part, ToolCallPart):
            if part.arguments:
                yield _text(part.arguments)
        elif isinstance(part, ToolCallResponsePart):
            if part.response:
                yield _text(part.response)
        elif isinstance(part, GenericPart) and isinstance(part.content, str) and part.content:
            yield part.content
