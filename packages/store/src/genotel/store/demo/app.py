"""The small app ``genotel demo`` runs: a day in Lisbon planned with a tool call, a streamed haiku, its
translation, a packing checklist and an embedding, across OpenAI, Anthropic, Gemini and Bedrock.

It is ordinary SDK code with no telemetry in it beyond two application spans of its own
(the trip and the tool run), so the trace tree shows genotel's spans where a user's would be.
"""

from __future__ import annotations

import json
from typing import Any

from opentelemetry import trace

OPENAI_MODEL = "gpt-4o-mini"
ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929"
EMBEDDING_MODEL = "text-embedding-3-small"
GEMINI_MODEL = "gemini-2.5-flash"
BEDROCK_MODEL = "us.amazon.nova-lite-v1:0"

SYSTEM = "You are a concise travel assistant. Use the tools to check facts before you answer."
QUESTION = "I'm in Lisbon tomorrow. What should I pack for a day of walking?"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Tomorrow's forecast for a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
FORECASTS = {"Lisbon": {"temp_c": 21, "sky": "sunny", "wind_kmh": 12}}


def get_weather(city: str) -> dict[str, Any]:
    """The tool the model asks for; a fixed table keeps the demo offline and repeatable."""
    return FORECASTS.get(city, {"error": f"no forecast for {city}"})


def plan_trip(openai_client: Any, anthropic_client: Any, gemini_client: Any, bedrock_client: Any) -> dict[str, str]:
    """Ask, run the requested tool, answer, write a haiku, translate it, list what to pack, index the advice."""
    tracer = trace.get_tracer("genotel.demo")
    with tracer.start_as_current_span("plan_trip"):
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": QUESTION},
        ]
        asked = openai_client.chat.completions.create(
            model=OPENAI_MODEL, messages=messages, tools=[WEATHER_TOOL], temperature=0.3
        )
        request = asked.choices[0].message
        messages.append(request.model_dump(exclude_none=True, exclude={"refusal", "annotations"}))
        for tool_call in request.tool_calls or ():
            with tracer.start_as_current_span(f"execute_tool {tool_call.function.name}"):
                result = get_weather(**json.loads(tool_call.function.arguments))
            messages.append({"role": "tool", "tool_call_id": tool_call.id, "content": json.dumps(result)})
        answered = openai_client.chat.completions.create(
            model=OPENAI_MODEL, messages=messages, tools=[WEATHER_TOOL], temperature=0.3
        )
        advice = answered.choices[0].message.content or ""
        with anthropic_client.messages.stream(
            model=ANTHROPIC_MODEL,
            max_tokens=200,
            messages=[{"role": "user", "content": f"Write a haiku about this advice: {advice}"}],
        ) as stream:
            haiku = "".join(stream.text_stream)
        translated = gemini_client.models.generate_content(
            model=GEMINI_MODEL,
            contents=f"Translate this haiku into Portuguese: {haiku}",
            config={"temperature": 0.2},
        )
        checklist = bedrock_client.converse(
            modelId=BEDROCK_MODEL,
            system=[{"text": "Answer with a short list, one item per line."}],
            messages=[{"role": "user", "content": [{"text": f"What three things should I pack? {advice}"}]}],
            inferenceConfig={"maxTokens": 120},
        )
        openai_client.embeddings.create(model=EMBEDDING_MODEL, input=advice, dimensions=8)
    return {
        "advice": advice,
        "haiku": haiku,
        "haiku_pt": translated.text or "",
        "checklist": checklist["output"]["message"]["content"][0]["text"],
    }
