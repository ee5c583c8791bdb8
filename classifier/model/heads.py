"""Classification heads, and the one loader that training, serving and the ONNX export share.

``MeanPoolingClassifier``: a BERT encoder whose token states are averaged (padding excluded) and
fed to one linear layer. E5 was trained to pool that way and its checkpoint has no pooler, so the
usual head (the [CLS] state through a freshly initialised pooler) starts from noise there. A
directory saved with it says so in ``config.json`` (``architectures``); every loader here reads
that, so the directory is served and exported as it is.
"""

from __future__ import annotations

import torch
from torch import nn
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    BertModel,
    BertPreTrainedModel,
    PretrainedConfig,
)
from transformers.modeling_outputs import SequenceClassifierOutput

from classifier.errors import ClassifierConfigError

POOLINGS = ("cls", "mean")


class MeanPoolingClassifier(BertPreTrainedModel):
    def __init__(self, config: PretrainedConfig) -> None:
        super().__init__(config)
        self.num_labels = config.num_labels
        self.bert = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        **kwargs,
    ) -> SequenceClassifierOutput:
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        if attention_mask is None:
            pooled = hidden.mean(dim=1)
        else:
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return SequenceClassifierOutput(logits=self.classifier(self.dropout(pooled)))


def pooling_of(config: PretrainedConfig) -> str:
    return "mean" if MeanPoolingClassifier.__name__ in (config.architectures or []) else "cls"


def load_classifier(source: str, pooling: str | None = None, **kwargs) -> nn.Module:
    """The classification model of ``source``: the head its config names, or ``pooling`` for a
    checkpoint that has none yet (a pretrained encoder about to be fine-tuned)."""
    config = kwargs.get("config") or AutoConfig.from_pretrained(source)
    if (pooling or pooling_of(config)) == "mean":
        if getattr(config, "model_type", "") != "bert":
            raise ClassifierConfigError(f"mean pooling is built for BERT encoders, not {config.model_type!r}")
        return MeanPoolingClassifier.from_pretrained(source, **kwargs)
    return AutoModelForSequenceClassification.from_pretrained(source, **kwargs)
