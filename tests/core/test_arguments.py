"""One-shot iterables in call arguments: read once into lists, everything else passed on as is."""

from __future__ import annotations

import io

from genotel.core.arguments import materialized


def test_generators_become_lists_at_the_top_level():
    args, kwargs = materialized(((x for x in (1, 2)),), {"messages": iter([{"role": "user"}])}, deep=False)
    assert args == ([1, 2],)
    assert kwargs == {"messages": [{"role": "user"}]}


def test_nested_generators_only_when_deep():
    user = {"role": "user", "content": (part for part in ["a", "b"])}
    messages = [user]
    _, shallow = materialized((), {"messages": messages}, deep=False)
    assert shallow["messages"] is messages
    _, deep = materialized((), {"messages": messages}, deep=True)
    assert deep["messages"] == [{"role": "user", "content": ["a", "b"]}]
    assert user["content"] is not deep["messages"][0]["content"]  # the user's dict is left as it was


def test_unchanged_arguments_are_the_same_objects():
    messages = [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
    kwargs = {"messages": messages, "model": "m", "temperature": 0.2}
    args, same = materialized((), kwargs, deep=True)
    assert same is kwargs and same["messages"] is messages and args == ()


def test_tuples_stay_tuples():
    _, kwargs = materialized((), {"stop": ("a", iter(["b"]))}, deep=True)
    assert kwargs["stop"] == ("a", ["b"])


def test_files_and_readers_are_never_read():
    body = io.BytesIO(b'{"prompt": "hi"}')
    _, kwargs = materialized((), {"body": body}, deep=True)
    assert kwargs["body"] is body and body.tell() == 0

    class Reader:
        def __iter__(self):
            return self

        def __next__(self):
            raise AssertionError("read")

        def read(self, size=-1):
            return b""

    reader = Reader()
    assert materialized((), {"body": reader}, deep=True)[1]["body"] is reader


def test_strings_bytes_and_dicts_are_not_iterated():
    kwargs = {"input": "text", "data": b"bytes", "extra_body": {"a": 1}}
    assert materialized((), kwargs, deep=True)[1] is kwargs
