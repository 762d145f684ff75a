"""Translation: manifests, the engine protocol, the transformers engine and document translation.

Importing this package loads no model and does not import torch; `service.parse` and
`service.outline` never import it. Start from `registry.ModelRegistry` (models by manifest name)
or `registry.load_engine_from_dir` (a model directory), then `document.translate_document`.
"""
