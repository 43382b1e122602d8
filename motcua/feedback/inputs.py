"""The inputs of each staff action on a petition (the PAKN lifecycle rows name them), shared by
the staff screen and the service; the dossier actions' schemas are in ``dossiers.inputs``."""

from __future__ import annotations

from motcua.dossiers.inputs import Inputs, NoInputs, ReasonIn


class ClassifyIn(Inputs):
    category: str | None = None


class ForwardIn(Inputs):
    to_agency: str | None = None
    reason: str = ""


class InfoIn(Inputs):
    note: str = ""


class AnswerIn(Inputs):
    answer: str = ""


__all__ = ["AnswerIn", "ClassifyIn", "ForwardIn", "InfoIn", "NoInputs", "ReasonIn"]
