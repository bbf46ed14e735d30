"""The TRL snippet of the dataset card: train on exactly the turns marked ``weight: 1``.

The card shows the code below the marker, so it stays plain (no imports, no annotations);
``tests/e2e/conformance/test_trainer.py`` runs it with a real ``SFTTrainer``.
"""


# --- snippet ---
def weighted_turns(batch):
    """One example per learned turn: the conversation before it is the prompt."""
    out = {"prompt": [], "completion": []}
    for messages in batch["messages"]:
        for i, message in enumerate(messages):
            if message["weight"]:
                history = [{"role": m["role"], "content": m["content"]} for m in messages[:i]]
                out["prompt"].append(history)
                out["completion"].append([{"role": "assistant", "content": message["content"]}])
    return out
