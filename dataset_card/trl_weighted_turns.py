"""The TRL snippet of the dataset card: train on exactly the turns marked ``weight: 1``.

The card shows the code below the marker; ``tests/e2e`` runs it with a real ``SFTTrainer``.
"""

from typing import Any


# --- snippet ---
def weighted_turns(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """One example per learned turn: the conversation before it is the prompt."""
    out: dict[str, list[Any]] = {"prompt": [], "completion": []}
    for messages in batch["messages"]:
        for i, message in enumerate(messages):
            if message["weight"]:
                history = [{"role": m["role"], "content": m["content"]} for m in messages[:i]]
                out["prompt"].append(history)
                out["completion"].append([{"role": "assistant", "content": message["content"]}])
    return out
