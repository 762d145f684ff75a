"""The OpenAPI 3.1 document of the service, written as data, and validators built from it.

The same schemas describe the API to clients (`GET /openapi.json`, `/docs`) and validate request
bodies (`validator(name)`), so the contract and the checks cannot drift apart. A test validates
the document with openapi-spec-validator, and schemathesis tests the service against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from service.render.media import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE

DESCRIPTION = "Outline and structure-preserving English translation of Chinese policy documents."
JSON = "application/json"
ARTICLE_TYPES = ("text/html", "text/markdown", "text/plain")
MODEL_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"  # a manifest name: never a path or a hub id
LANG_CODE = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"
SOURCE_CODE = f"{LANG_CODE}|^auto$"
# An uploaded file (multipart): at least one byte; what it holds is checked when it is read.
UPLOAD = {"type": "string", "format": "binary", "minLength": 1}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(required: list[str], props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props, **extra}


OPTIONS = _obj(
    [],
    {
        "max_points": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "description": "Outline: most points in total.",
        },
        "ratio": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1,
            "description": "Outline: share of sentences to keep (instead of max_points).",
        },
        # Translation: override the model manifest's generation defaults for this request.
        "num_beams": {"type": "integer", "minimum": 1, "maximum": 8, "description": "Beam width."},
        "max_length_ratio": {
            "type": "number",
            "minimum": 0.5,
            "maximum": 4,
            "description": "Output token cap as a multiple of the input tokens.",
        },
        "min_new_tokens": {"type": "integer", "minimum": 0, "maximum": 64},
        "no_repeat_ngram_size": {"type": "integer", "minimum": 0, "maximum": 10},
        "repetition_penalty": {"type": "number", "minimum": 1, "maximum": 3},
        "length_penalty": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
        "scope": {
            "type": "string",
            "enum": ["full", "outline"],
            "default": "full",
            "description": "`outline`: translate only the gist (the title, the outline's "
            "headings and points); a digest then answers `translation: null`, a translation "
            "has null for every other text. No effect on an outline.",
        },
    },
    additionalProperties=False,
)

TEXT_FORMATS = ["auto", "html", "markdown", "text"]
DOCUMENT_FORMATS = ["pdf", "docx", "ofd", "doc", "wps"]
ARTICLE_REQUEST = _obj(
    [],
    {
        "content": {
            "type": "string",
            "minLength": 1,
            "description": "The article: HTML, Markdown or plain text.",
        },
        "content_base64": {
            "type": "string",
            "minLength": 4,
            "contentEncoding": "base64",
            "pattern": "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
            "description": "A document file (PDF, DOCX, OFD, .doc, .wps; or text) in base64, "
            "instead of `content`; its format is told by its bytes, then `format` or `filename`.",
        },
        "filename": {"type": "string", "maxLength": 255, "description": "The file's name."},
        "format": {
            "enum": [*TEXT_FORMATS, *DOCUMENT_FORMATS],
            "default": "auto",
        },
        "source_lang": {"type": "string", "pattern": SOURCE_CODE, "default": "zh"},
        "target_lang": {"type": "string", "pattern": LANG_CODE, "default": "en"},
        "model": {
            "type": "string",
            "pattern": MODEL_NAME,
            "description": "Name of an installed, served model manifest.",
        },
        "options": _ref("Options"),
        "glossary_id": {
            "type": "string",
            "maxLength": 64,
            "description": "A stored glossary of this API key (POST /v1/glossaries or DeepL's "
            "POST /v2/glossaries); its languages must be the request's.",
        },
        "glossary": {
            "type": "object",
            "propertyNames": {"minLength": 1},
            "additionalProperties": {"type": "string", "minLength": 1},
            "description": 'Inline entries {"source term": "target term"}; they win over '
            "the stored glossary's and the built-in names.",
        },
        "builtin_glossary": {
            "type": "boolean",
            "default": True,
            "description": "Apply the built-in official English names of central state organs.",
        },
    },
    additionalProperties=False,
    oneOf=[{"required": ["content"]}, {"required": ["content_base64"]}],
    # a document format names a file's bytes: it comes with content_base64
    **{
        "if": {"required": ["format"], "properties": {"format": {"enum": DOCUMENT_FORMATS}}},
        "then": {"required": ["content_base64"]},
    },
)

ERROR = _obj(
    ["error"],
    {
        "error": _obj(
            ["code", "message", "details", "request_id"],
            {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
                "request_id": _nullable({"type": "string"}),
            },
        )
    },
)

POINT = _obj(
    ["sentence_id", "text", "kind", "score"],
    {
        "sentence_id": {"type": "string"},
        "text": {"type": "string"},
        "kind": {"enum": ["enumeration", "key_sentence"]},
        "score": {"type": "number"},
        "lead": {"type": "string"},
    },
)

OUTLINE_NODE = _obj(
    ["section_id", "level", "label", "heading", "points", "children"],
    {
        "section_id": {"type": "string"},
        "level": {"type": "integer"},
        "label": _nullable({"type": "string"}),
        "heading": _nullable({"type": "string"}),
        "points": {"type": "array", "items": _ref("OutlinePoint")},
        "children": {"type": "array", "items": _ref("OutlineNode")},
    },
)

# The article's script as parsed: the editors' page marks the source `zh-Hans` or `zh-Hant`.
SCRIPT = {
    "enum": ["Hans", "Hant", "mixed", "none"],
    "description": "Script of the source article (Hans simplified, Hant traditional).",
}

OUTLINE = _obj(
    ["outline"], {"outline": {"type": "array", "items": _ref("OutlineNode")}, "script": SCRIPT}
)

PARTIAL = {
    "type": "boolean",
    "description": "Only from GET /v1/jobs/{job_id}/result?partial=true: true while the job "
    "runs (texts not translated yet are null), false once it is done.",
}

T_SENTENCE = _obj(
    ["id", "text", "translation", "flags"],
    {
        "id": {"type": "string"},
        "text": {"type": "string"},
        "translation": _nullable(
            {"type": "string", "description": "null: not translated yet (a partial result)."}
        ),
        "flags": {"type": "array"},
    },
)

T_SECTION = _obj(
    ["id", "level", "label", "label_en", "heading", "heading_en", "paragraphs", "sections"],
    {
        "id": {"type": "string"},
        "level": {"type": "integer"},
        "label": _nullable({"type": "string"}),
        "label_en": _nullable({"type": "string"}),
        "heading": _nullable({"type": "string"}),
        "heading_en": _nullable({"type": "string"}),
        "heading_flags": {"type": "array", "items": {"type": "string"}},
        "paragraphs": {
            "type": "array",
            "items": _obj(
                ["id", "sentences"],
                {
                    "id": {"type": "string"},
                    "sentences": {"type": "array", "items": _ref("TranslatedSentence")},
                },
            ),
        },
        "sections": {"type": "array", "items": _ref("TranslatedSection")},
    },
)

TRANSLATION = _obj(
    ["title", "sections", "markdown", "warnings", "model"],
    {
        "title": _nullable(
            _obj(
                ["text", "translation", "flags"],
                {
                    "text": {"type": "string"},
                    "translation": _nullable({"type": "string"}),
                    "flags": {"type": "array", "items": {"type": "string"}},
                },
            )
        ),
        "sections": {"type": "array", "items": _ref("TranslatedSection")},
        "markdown": {"type": "string"},
        "scope": {"enum": ["full", "outline"], "description": "options.scope (/v1/translate)."},
        "partial": PARTIAL,
        "warnings": {"type": "array"},
        "glossary": _obj(
            ["entries", "terms_found", "terms_missing"],
            {
                "entries": {"type": "integer", "description": "Entries applied (built-in too)."},
                "terms_found": {"type": "integer"},
                "terms_missing": {
                    "type": "integer",
                    "description": "Terms whose target a unit lacks; each unit is flagged "
                    "glossary_term_missing with a warning naming the term.",
                },
            },
            description="Present when a glossary was applied.",
        ),
        "script": SCRIPT,
        "model": _obj(
            ["name", "revision", "family"],
            {
                "name": {"type": "string"},
                "revision": {"type": "string"},
                "family": {"type": "string"},
            },
        ),
    },
)

DIGEST_POINT = {
    "allOf": [
        _ref("OutlinePoint"),
        _obj(
            ["translation", "flags"],
            {"translation": _nullable({"type": "string"}), "flags": {"type": "array"}},
        ),
    ]
}

DIGEST_NODE = {
    "allOf": [
        _ref("OutlineNode"),
        _obj(
            ["label_en", "heading_en", "heading_flags", "points", "children"],
            {
                "label_en": _nullable({"type": "string"}),
                "heading_en": _nullable({"type": "string"}),
                "heading_flags": {"type": "array", "items": {"type": "string"}},
                "points": {"type": "array", "items": _ref("DigestPoint")},
                "children": {"type": "array", "items": _ref("DigestNode")},
            },
        ),
    ]
}

DIGEST = _obj(
    ["title", "outline", "translation", "warnings", "model"],
    {
        "title": _obj(
            ["text", "translation", "flags"],
            {
                "text": _nullable({"type": "string"}),
                "translation": _nullable({"type": "string"}),
                "flags": {"type": "array", "items": {"type": "string"}},
            },
        ),
        "outline": {"type": "array", "items": _ref("DigestNode")},
        "translation": _nullable({**_ref("Translation"), "description": "null for scope outline"}),
        "warnings": {"type": "array"},
        "script": SCRIPT,
        "scope": {
            "enum": ["full", "outline"],
            "description": "outline: only the gist was translated (options.scope).",
        },
        "partial": PARTIAL,
        "model": TRANSLATION["properties"]["model"],
    },
)

LT_TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
LT_DETECTED = _obj(
    ["confidence", "language"],
    {
        "confidence": {"type": "number", "minimum": 0, "maximum": 100},
        "language": {"type": "string"},
    },
)

LT_TRANSLATE_REQUEST = _obj(
    ["q", "source", "target"],
    {
        "q": {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
            ]
        },
        "source": {
            "type": "string",
            "pattern": SOURCE_CODE,
            "description": "Language code, or auto.",
        },
        "target": {"type": "string", "pattern": LANG_CODE},
        "format": {"enum": ["text", "html"], "default": "text"},
        "alternatives": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Accepted; answered with an empty list of alternatives per text.",
        },
        "api_key": {"type": "string"},
    },
)

LT_TRANSLATE_RESPONSE = _obj(
    ["translatedText"],
    {
        "translatedText": LT_TEXTS,
        "detectedLanguage": {"anyOf": [LT_DETECTED, {"type": "array", "items": LT_DETECTED}]},
        "alternatives": {"type": "array"},
    },
)

LT_DETECT_REQUEST = _obj(
    ["q"], {"q": {"type": "string", "minLength": 1}, "api_key": {"type": "string"}}
)
LT_ERROR = _obj(["error"], {"error": {"type": "string"}})
LT_FILE_REQUEST = _obj(
    ["file", "source", "target"],
    {
        "file": UPLOAD,
        "source": {"type": "string", "pattern": SOURCE_CODE},
        "target": {"type": "string", "pattern": LANG_CODE},
        "api_key": {"type": "string"},
    },
)
LT_FRONTEND_SETTINGS = _obj(
    ["charLimit", "apiKeys", "keyRequired", "suggestions", "supportedFilesFormat", "language"],
    {
        "charLimit": {"type": "integer"},
        "frontendTimeout": {"type": "integer"},
        "apiKeys": {"type": "boolean"},
        "keyRequired": {"type": "boolean"},
        "suggestions": {"type": "boolean"},
        "filesTranslation": {"type": "boolean"},
        "supportedFilesFormat": {"type": "array", "items": {"type": "string"}},
        "language": {"type": "object"},
    },
)

DEEPL_TEXTS = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
}
DEEPL_SOURCE = {
    "type": "string",
    "pattern": f"{LANG_CODE}|^$",
    "description": "ZH, ZH-HANS or ZH-HANT; absent or empty: detect",
}
DEEPL_TRANSLATE_REQUEST = _obj(
    ["text", "target_lang"],
    {
        "text": DEEPL_TEXTS,
        "target_lang": {
            "type": "string",
            "pattern": LANG_CODE,
            "description": "EN, EN-US or EN-GB",
        },
        "source_lang": DEEPL_SOURCE,
        "tag_handling": {"enum": ["html", "xml"]},
        "split_sentences": {"type": "string"},
        "preserve_formatting": {"type": ["boolean", "string"]},
        "formality": {"enum": ["default", "prefer_more", "prefer_less"]},
        "show_billed_characters": {"type": ["boolean", "string"]},
        "glossary_id": {
            "type": "string",
            "description": "A glossary of this key (POST /v2/glossaries); needs source_lang. "
            "The count of terms whose target a translation lacks is in X-PD-Glossary-Misses.",
        },
    },
)
DEEPL_TRANSLATIONS = _obj(
    ["translations"],
    {
        "translations": {
            "type": "array",
            "items": _obj(
                ["detected_source_language", "text", "billed_characters"],
                {
                    "detected_source_language": {"type": "string"},
                    "text": {"type": "string"},
                    "billed_characters": {"type": "integer"},
                },
            ),
        }
    },
)
DEEPL_LANGUAGES = {
    "type": "array",
    "items": _obj(
        ["language", "name"],
        {
            "language": {"type": "string"},
            "name": {"type": "string"},
            "supports_formality": {"type": "boolean"},
        },
    ),
}
DEEPL_USAGE = _obj(
    ["character_count", "character_limit"],
    {"character_count": {"type": "integer"}, "character_limit": {"type": "integer"}},
)
DEEPL_ERROR = _obj(["message"], {"message": {"type": "string"}, "detail": {"type": "string"}})
DEEPL_DOCUMENT_REQUEST = _obj(
    ["file", "target_lang"],
    {
        "file": UPLOAD,
        "target_lang": {"type": "string", "pattern": LANG_CODE},
        "source_lang": DEEPL_SOURCE,
        "output_format": {
            "type": "string",
            "description": "The result's format: the upload's own (the default: a .docx "
            "translated in place, an English PDF for a .pdf, an English Word file for a .doc or "
            ".wps; an .ofd has no default and needs pdf or docx), docx (an English Word file of "
            "any other upload) or pdf (an English PDF).",
        },
        "glossary_id": {
            "type": "string",
            "description": "A glossary of this key (source_lang too)",
        },
    },
)
DEEPL_DOCUMENT_KEY = _obj(["document_key"], {"document_key": {"type": "string"}})
DEEPL_DOCUMENT_STATUS = _obj(
    ["document_id", "status"],
    {
        "document_id": {"type": "string"},
        "status": {"enum": ["queued", "translating", "done", "error"]},
        "seconds_remaining": {"type": "integer"},
        "billed_characters": {"type": "integer"},
        "error_message": {"type": "string"},
    },
)

GLOSSARY_INFO = _obj(
    ["glossary_id", "name", "ready", "source_lang", "target_lang", "creation_time", "entry_count"],
    {
        "glossary_id": {"type": "string"},
        "name": {"type": "string"},
        "ready": {"type": "boolean"},
        "source_lang": {"type": "string"},
        "target_lang": {"type": "string"},
        "creation_time": {"type": "string", "description": "UTC, e.g. 2021-08-03T14:16:18.329Z"},
        "entry_count": {"type": "integer"},
    },
)
STRING = {"type": "string"}
GLOSSARY_ENTRIES_TEXT = {
    "type": "string",
    "minLength": 1,
    "description": "TSV (source<TAB>target per line) or CSV (source,target[,src,tgt]), per "
    "entries_format; at most 10 MiB, terms at most 1,024 bytes; an empty or duplicate entry is "
    "refused naming its line.",
}
DEEPL_GLOSSARY_REQUEST = _obj(
    ["name", "source_lang", "target_lang", "entries", "entries_format"],
    {
        "name": {"type": "string", "minLength": 1},
        "source_lang": {"type": "string", "pattern": LANG_CODE},
        "target_lang": {"type": "string", "pattern": LANG_CODE},
        "entries": GLOSSARY_ENTRIES_TEXT,
        "entries_format": {"enum": ["tsv", "csv"]},
    },
)
GLOSSARY_REQUEST = _obj(
    ["name", "entries"],
    {
        "name": {"type": "string", "minLength": 1, "maxLength": 1024},
        "source_lang": {"type": "string", "pattern": LANG_CODE, "default": "zh"},
        "target_lang": {"type": "string", "pattern": LANG_CODE, "default": "en"},
        "entries": {
            "anyOf": [GLOSSARY_ENTRIES_TEXT, {"type": "object", "additionalProperties": STRING}]
        },
        "entries_format": {"enum": ["tsv", "csv"], "default": "tsv"},
    },
    additionalProperties=False,
)

LT_LANGUAGES = {
    "type": "array",
    "items": _obj(
        ["code", "name", "targets"],
        {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "targets": {"type": "array", "items": {"type": "string"}},
        },
    ),
}

JOB_REQUEST = {
    **ARTICLE_REQUEST,
    "properties": {
        **ARTICLE_REQUEST["properties"],
        "task": {"enum": ["digest", "translate", "outline"], "default": "digest"},
        "callback_url": {
            "type": "string",
            "format": "uri",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]",
            "maxLength": 2048,
            "description": "An http(s) URL POSTed the final Job JSON (HMAC-signed); its host "
            "must be in PD_CALLBACK_HOSTS (else 422 callback_refused).",
        },
    },
}

PROGRESS = _obj(
    ["units_done", "units_total", "chars_done", "chars_total", "eta_s"],
    {
        "units_done": {"type": "integer"},
        "units_total": {"type": "integer"},
        "chars_done": {"type": "integer"},
        "chars_total": {"type": "integer"},
        "eta_s": _nullable({"type": "number", "description": "Seconds left at measured speed."}),
        "gist_ready": _nullable(
            {
                "type": "boolean",
                "description": "Digest: every outline point, heading and the title has its "
                "English (null for other tasks).",
            }
        ),
        "sections_done": {
            "type": "integer",
            "description": "Top-level sections whose every sentence is translated.",
        },
        "sections_total": {"type": "integer"},
    },
)

JOB = _obj(
    ["id", "task", "status", "created_at", "started_at", "finished_at", "progress"],
    {
        "id": {"type": "string"},
        "task": {"enum": ["digest", "translate", "outline", "compare"]},
        "status": {"enum": ["queued", "running", "done", "failed", "cancelled"]},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": _nullable({"type": "string", "format": "date-time"}),
        "finished_at": _nullable({"type": "string", "format": "date-time"}),
        "progress": _ref("JobProgress"),
        "error": ERROR["properties"]["error"],
        "callbacks": {
            "type": "array",
            "maxItems": 16,
            "description": "Every callback_url accepted for this job (equal submits share it), "
            "shown without credentials, query or fragment.",
            "items": _obj(
                ["url", "status"],
                {
                    "url": {"type": "string"},
                    "status": {"enum": ["pending", "delivered", "failed"]},
                },
            ),
        },
    },
)

# One version: its text, or its file in base64, read as an article request's (same rules),
# spelled as two closed alternatives rather than the article request's oneOf + if/then, which
# schemathesis cannot generate a valid nested value for (a text's format is a text format).
VERSION = {
    "oneOf": [
        _obj(
            ["content"],
            {
                "content": ARTICLE_REQUEST["properties"]["content"],
                "format": {"enum": TEXT_FORMATS, "default": "auto"},
            },
            additionalProperties=False,
        ),
        _obj(
            ["content_base64"],
            {
                name: ARTICLE_REQUEST["properties"][name]
                for name in ("content_base64", "filename", "format")
            },
            additionalProperties=False,
        ),
    ]
}

GLOSSARY_FIELDS = {
    name: ARTICLE_REQUEST["properties"][name]
    for name in ("glossary_id", "glossary", "builtin_glossary")
}
COMPARE_REQUEST = _obj(
    ["old", "new"],
    {
        "old": _ref("CompareVersion"),
        "new": _ref("CompareVersion"),
        "translate": {
            "enum": [True, False, "all"],
            "default": True,
            "description": "true: English of changed, added and removed units only; "
            '"all": of every unit; false: none.',
        },
        "model": ARTICLE_REQUEST["properties"]["model"],
        **GLOSSARY_FIELDS,
    },
    additionalProperties=False,
)

VERSION_FIELD = (
    "A file (PDF with a text layer, DOCX, OFD, .doc/.wps; or .txt, .md, .html) or the text."
)

COMPARE_EXAMPLE = {
    "old": {"content": "第一条 为了规范管理，制定本办法。"},
    "new": {"content": "第一条 为了规范和加强管理，制定本办法。"},
}

COMPARE_JOB_REQUEST = {
    **COMPARE_REQUEST,
    "required": ["task", "old", "new"],
    "properties": {
        **COMPARE_REQUEST["properties"],
        "task": {"const": "compare"},
        "callback_url": JOB_REQUEST["properties"]["callback_url"],
    },
}

COMPARED_UNIT = _nullable(
    _obj(
        ["id", "kind", "label", "heading", "text"],
        {
            "id": {"type": "string"},
            "kind": {"enum": ["article", "heading", "section", "paragraph"]},
            "label": _nullable({"type": "string"}),
            "heading": _nullable({"type": "string"}),
            "text": {"type": "string"},
        },
    )
)

COMPARE_PAIR = _obj(
    ["status", "renumbered", "moved", "split", "merged", "old", "new", "diff", "english"],
    {
        "status": {"enum": ["unchanged", "changed", "added", "removed"]},
        "renumbered": {"type": "boolean"},
        "moved": {"type": "boolean"},
        "split": {"type": "boolean"},
        "merged": {"type": "boolean"},
        "old": COMPARED_UNIT,
        "new": COMPARED_UNIT,
        "diff": {
            "type": "array",
            "description": '["=" | "-" | "+", original text]: "=" and "+" make the new text.',
            "items": {
                "type": "array",
                "prefixItems": [{"enum": ["=", "-", "+"]}, {"type": "string"}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "english": _obj(
            ["old", "new"],
            {"old": _nullable({"type": "string"}), "new": _nullable({"type": "string"})},
        ),
    },
)

COMPARISON = _obj(
    ["summary", "pairs"],
    {
        "summary": _obj(
            ["unchanged", "changed", "added", "removed", "renumbered", "moved"],
            {
                name: {"type": "integer"}
                for name in ("unchanged", "changed", "added", "removed", "renumbered", "moved")
            },
        ),
        "pairs": {"type": "array", "items": _ref("ComparePair")},
        "warnings": {
            "type": "array",
            "description": "With English: what the translation's checks found (a glossary "
            "term missing, a number lost …), on the pair (its index in pairs) and side.",
            "items": _obj(
                ["pair", "side", "flag", "message"],
                {
                    "pair": {"type": "integer"},
                    "side": {"enum": ["old", "new"]},
                    "flag": {"type": "string"},
                    "message": {"type": "string"},
                },
            ),
        },
        "glossary": TRANSLATION["properties"]["glossary"],
    },
)

READINESS = _obj(
    ["status", "models"],
    {
        "status": {"enum": ["ready"]},
        "queue": {"enum": ["sqlite", "redis"], "description": "The reachable job store."},
        "models": {"type": "object", "additionalProperties": _nullable({"type": "string"})},
    },
)

SCHEMAS: dict[str, Any] = {
    "Options": OPTIONS,
    "ArticleRequest": ARTICLE_REQUEST,
    "Error": ERROR,
    "OutlinePoint": POINT,
    "OutlineNode": OUTLINE_NODE,
    "Outline": OUTLINE,
    "TranslatedSentence": T_SENTENCE,
    "TranslatedSection": T_SECTION,
    "Translation": TRANSLATION,
    "DigestPoint": DIGEST_POINT,
    "DigestNode": DIGEST_NODE,
    "Digest": DIGEST,
    "LibreTranslateRequest": LT_TRANSLATE_REQUEST,
    "LibreTranslateResponse": LT_TRANSLATE_RESPONSE,
    "LibreDetectRequest": LT_DETECT_REQUEST,
    "LibreDetection": {"type": "array", "items": LT_DETECTED},
    "LibreLanguages": LT_LANGUAGES,
    "LibreError": LT_ERROR,
    "LibreFileRequest": LT_FILE_REQUEST,
    "LibreFileResult": _obj(["translatedFileUrl"], {"translatedFileUrl": {"type": "string"}}),
    "LibreFrontendSettings": LT_FRONTEND_SETTINGS,
    "DeepLTranslateRequest": DEEPL_TRANSLATE_REQUEST,
    "DeepLTranslations": DEEPL_TRANSLATIONS,
    "DeepLLanguages": DEEPL_LANGUAGES,
    "DeepLUsage": DEEPL_USAGE,
    "DeepLError": DEEPL_ERROR,
    "DeepLDocumentRequest": DEEPL_DOCUMENT_REQUEST,
    "DeepLDocument": _obj(
        ["document_id", "document_key"],
        {"document_id": {"type": "string"}, "document_key": {"type": "string"}},
    ),
    "DeepLDocumentKey": DEEPL_DOCUMENT_KEY,
    "DeepLDocumentStatus": DEEPL_DOCUMENT_STATUS,
    "DeepLGlossaryRequest": DEEPL_GLOSSARY_REQUEST,
    "GlossaryInfo": GLOSSARY_INFO,
    "GlossaryList": _obj(
        ["glossaries"], {"glossaries": {"type": "array", "items": _ref("GlossaryInfo")}}
    ),
    "GlossaryRequest": GLOSSARY_REQUEST,
    "Glossary": {
        "allOf": [
            _ref("GlossaryInfo"),
            _obj(["entries"], {"entries": {"type": "object", "additionalProperties": STRING}}),
        ]
    },
    "DeepLGlossaryLanguagePairs": _obj(
        ["supported_languages"],
        {
            "supported_languages": {
                "type": "array",
                "items": _obj(
                    ["source_lang", "target_lang"],
                    {"source_lang": {"type": "string"}, "target_lang": {"type": "string"}},
                ),
            }
        },
    ),
    "Readiness": READINESS,
    "JobRequest": JOB_REQUEST,
    "JobProgress": PROGRESS,
    "CompareVersion": VERSION,
    "CompareRequest": COMPARE_REQUEST,
    "CompareJobRequest": COMPARE_JOB_REQUEST,
    "ComparePair": COMPARE_PAIR,
    "Comparison": COMPARISON,
    "CompareForm": _obj(
        ["old", "new"],
        {
            "old": {"type": "string", "minLength": 1, "description": VERSION_FIELD},
            "new": {"type": "string", "minLength": 1, "description": VERSION_FIELD},
            "translate": {"enum": ["true", "false", "all"]},
            "model": ARTICLE_REQUEST["properties"]["model"],
            "glossary_id": ARTICLE_REQUEST["properties"]["glossary_id"],
            "builtin_glossary": {"enum": ["true", "false"]},
        },
    ),
    "Job": JOB,
}

ERROR_TEXT = {
    400: "Malformed request (bad JSON, wrong types, unknown option)",
    401: "API keys are configured and none was given",
    404: "Model name not installed or not served, no such job or glossary (unknown, expired, "
    "not yours)",
    409: "The job has no result: it is still running, failed or was cancelled",
    413: "Body or text over the configured limit, or too long to finish within the request "
    "deadline (use /v1/jobs)",
    415: "Unsupported Content-Type",
    422: "Valid request but unusable content (empty, no text, unsupported language pair, "
    "glossary entries refused: the message names the line or entry)",
    503: "Not ready (no model loaded, job store unreachable), overloaded, or every event-stream "
    "slot taken (poll instead); see Retry-After",
    504: "Translation did not finish within the request deadline",
}


def _errors(*statuses: int) -> dict[str, Any]:
    content = {JSON: {"schema": _ref("Error")}}
    responses: dict[str, Any] = {
        str(s): {"description": ERROR_TEXT[s], "content": content} for s in statuses
    }
    responses["500"] = {
        "description": "Unexpected error (generic message, request id)",
        "content": content,
    }
    return responses


def _ok(
    schema: dict[str, Any], description: str, markdown: bool = False, word: bool = False
) -> dict[str, Any]:
    content: dict[str, Any] = {JSON: {"schema": schema}}
    if markdown:
        content["text/markdown"] = {"schema": {"type": "string"}}
    if word:
        content[DOCX_MEDIA_TYPE] = FILE_CONTENT[DOCX_MEDIA_TYPE]
    return {"200": {"description": description, "content": content}}


FILE_CONTENT = {
    media: {"schema": {"type": "string", "contentMediaType": media}}
    for media in (DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE)
}
WORD_OUTPUT = {
    "name": "output",
    "in": "query",
    "schema": {"enum": ["json", "markdown", "docx"]},
    "description": "markdown: the rendered Markdown (same as Accept: text/markdown); docx: the "
    f"bilingual Word file, source and English side by side (same as Accept: {DOCX_MEDIA_TYPE}).",
}


QUERY_PARAMS = [
    {
        "name": "output",
        "in": "query",
        "schema": {"enum": ["json", "markdown"]},
        "description": "markdown: return the rendered Markdown (same as Accept: text/markdown).",
    },
    {
        "name": "source_lang",
        "in": "query",
        "schema": ARTICLE_REQUEST["properties"]["source_lang"],
        "description": "Query values apply to every body; JSON body fields win over them.",
    },
    {"name": "target_lang", "in": "query", "schema": ARTICLE_REQUEST["properties"]["target_lang"]},
    {"name": "model", "in": "query", "schema": ARTICLE_REQUEST["properties"]["model"]},
    {"name": "glossary_id", "in": "query", "schema": ARTICLE_REQUEST["properties"]["glossary_id"]},
    {
        "name": "builtin_glossary",
        "in": "query",
        "schema": ARTICLE_REQUEST["properties"]["builtin_glossary"],
    },
    {
        "name": "filename",
        "in": "query",
        "schema": {"type": "string", "maxLength": 255},
        "description": "A raw document body's file name (its format is told by its bytes first).",
    },
    *(
        {"name": name, "in": "query", "schema": schema}
        for name, schema in OPTIONS["properties"].items()
    ),
]

FILE_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/ofd",
    "application/msword",
    "application/octet-stream",
)
ARTICLE_FORM = _obj(
    ["file"],
    {
        "file": {**UPLOAD, "description": "The document file."},
        **{
            name: ARTICLE_REQUEST["properties"][name]
            for name in ("format", "source_lang", "target_lang", "model", "glossary_id")
        },
    },
)
# A job's form: an article form or a comparison's, with the job's own fields (form or query).
JOB_FORM = {
    **ARTICLE_FORM,
    "properties": {
        **ARTICLE_FORM["properties"],
        **{name: JOB_REQUEST["properties"][name] for name in ("task", "callback_url")},
    },
}
COMPARE_JOB_FORM = {
    "allOf": [
        _ref("CompareForm"),
        {
            "properties": {
                "task": {"const": "compare"},
                "callback_url": JOB_REQUEST["properties"]["callback_url"],
            }
        },
    ]
}
ARTICLE_CONTENT: dict[str, Any] = {
    JSON: {"schema": _ref("ArticleRequest")},
    **{t: {"schema": {"type": "string", "minLength": 1}} for t in ARTICLE_TYPES},
    **{t: {"schema": UPLOAD} for t in FILE_TYPES},
    "multipart/form-data": {"schema": ARTICLE_FORM},
}
ARTICLE_BODY = {"required": True, "content": ARTICLE_CONTENT}


PREFER = {
    "name": "Prefer",
    "in": "header",
    "schema": {"type": "string"},
    "description": "`respond-async`: queue the request as a job and answer 202 (RFC 7240); "
    "an Idempotency-Key header then works as on POST /v1/jobs.",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "A job submitted again with the same key returns the existing job.",
}
JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
# One event of a job's stream, as an SSE parser reads it (comment lines are no events).
SSE_EVENT = _obj(
    ["id", "event", "data"],
    {
        "id": {"type": "string", "pattern": "^[0-9]{1,18}$"},
        "event": {"enum": ["progress", "gist", "section", "done", "failed", "cancelled"]},
        "data": {"type": "string", "contentMediaType": JSON},
        "retry": {"type": "integer", "minimum": 0},
    },
)


def _links(parameter: str, field: str, **operations: str) -> dict[str, Any]:
    """OpenAPI links, by name, from a created resource's `field` to the operations (`method
    path`) whose path `parameter` it fills; schemathesis's stateful phase follows them."""
    links = {}
    for name, operation in operations.items():
        method, path = operation.split(" ")
        links[name] = {
            "operationRef": f"#/paths/{path.replace('/', '~1')}/{method}",
            "parameters": {parameter: f"$response.body#/{field}"},
        }
    return links


JOB_LINKS = _links(
    "job_id",
    "id",
    GetJob="get /v1/jobs/{job_id}",
    GetJobResult="get /v1/jobs/{job_id}/result",
    GetJobEvents="get /v1/jobs/{job_id}/events",
    CancelJob="delete /v1/jobs/{job_id}",
)


def _accepted() -> dict[str, Any]:
    return {
        "202": {
            "description": "Queued as a job; poll the Location header's URL",
            "headers": {"Location": {"schema": {"type": "string"}}},
            "content": {JSON: {"schema": _ref("Job")}},
            "links": JOB_LINKS,
        }
    }


def _article_op(
    summary: str, schema: str, statuses: tuple[int, ...], word: bool = False
) -> dict[str, Any]:
    output = WORD_OUTPUT if word else QUERY_PARAMS[0]
    return {
        "post": {
            "summary": summary,
            "parameters": [output, *QUERY_PARAMS[1:], PREFER],
            "requestBody": ARTICLE_BODY,
            "responses": {
                **_ok(_ref(schema), schema, markdown=True, word=word),
                **_accepted(),
                **_errors(*statuses),
            },
        }
    }


def _html_page(summary: str) -> dict[str, Any]:
    html = {"text/html": {"schema": {"type": "string"}}}
    return {
        "get": {
            "summary": summary,
            "responses": {"200": {"description": "HTML page", "content": html}, **_errors()},
        }
    }


TRANSLATING = (400, 401, 404, 413, 415, 422, 503, 504)
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
LIBRE_ERRORS = {
    400: "Bad request (LibreTranslate's message)",
    403: "Invalid API key",
    429: "Busy: slow down",
    500: "Translation failed or no model loaded",
}
DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
DOCUMENT_TYPES = ("text/plain", "text/markdown", "text/html")
DEEPL_ERRORS = {
    400: "Bad request (message; for glossary entries, detail names the line)",
    403: "Wrong or missing DeepL-Auth-Key, or a document key that does not match",
    404: "Not found (unknown or expired document, unknown glossary)",
    413: "Text or file over the limit",
    429: "Busy: retry later",
    456: "Character quota used up",
    500: "Unexpected error",
    503: "No model loaded; a document not translated yet",
    504: "Translation did not finish within the deadline",
}


def _shaped(schema: str, statuses: dict[int, str]) -> dict[str, Any]:
    """Error responses in a compatibility API's own shape."""
    content = {JSON: {"schema": _ref(schema)}}
    return {str(s): {"description": d, "content": content} for s, d in statuses.items()}


def _compat_op(
    summary: str,
    request: str,
    ok: dict[str, Any],
    errors: dict[int, str],
    media: tuple[str, ...] = (JSON, FORM),
    parameters: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    shape = "DeepLError" if errors is DEEPL_ERRORS else "LibreError"
    return {
        "post": {
            "summary": summary,
            **({"parameters": list(parameters)} if parameters else {}),
            "requestBody": {
                "required": True,
                "content": {m: {"schema": _ref(request)} for m in media},
            },
            "responses": {**ok, **_shaped(shape, errors)},
        }
    }


def _deepl_get(summary: str, schema: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    operation = {
        "parameters": list(parameters),
        "responses": {**_ok(_ref(schema), summary), **_shaped("DeepLError", DEEPL_ERRORS)},
    }
    return {"get": {"summary": summary, **operation}, "post": {"summary": summary, **operation}}


GLOSSARY_ID = {"name": "glossary_id", "in": "path", "required": True, "schema": {"type": "string"}}
MISSES_HEADER = {
    "X-PD-Glossary-Misses": {
        "description": "With glossary_id: glossary terms whose target the translations lack",
        "schema": {"type": "integer"},
    }
}


def _created(schema: str, description: str, links: dict[str, Any]) -> dict[str, Any]:
    content = {JSON: {"schema": _ref(schema)}}
    return {"201": {"description": description, "content": content, "links": links}}


def _deleted(errors: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": [GLOSSARY_ID], "responses": {"204": {"description": "Deleted"}, **errors}}


DEEPL_GLOSSARY_ERRORS = _shaped("DeepLError", DEEPL_ERRORS)
GLOSSARY_PATHS: dict[str, Any] = {
    "/v1/glossaries": {
        "get": {
            "summary": "The glossaries of this API key (made here or with DeepL's API)",
            "responses": {**_ok(_ref("GlossaryList"), "Glossaries"), **_errors(401)},
        },
        "post": {
            "summary": "Store a glossary (TSV or CSV text, or an object of entries)",
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": _ref("GlossaryRequest")}},
            },
            "responses": {
                **_created(
                    "GlossaryInfo",
                    "The stored glossary",
                    _links(
                        "glossary_id",
                        "glossary_id",
                        GetGlossary="get /v1/glossaries/{glossary_id}",
                        DeleteGlossary="delete /v1/glossaries/{glossary_id}",
                    ),
                ),
                **_errors(400, 401, 413, 415, 422),
            },
        },
    },
    "/v1/glossaries/{glossary_id}": {
        "get": {
            "summary": "A glossary and its entries",
            "parameters": [GLOSSARY_ID],
            "responses": {**_ok(_ref("Glossary"), "The glossary"), **_errors(401, 404)},
        },
        "delete": {"summary": "Delete a glossary", **_deleted(_errors(401, 404))},
    },
    "/v2/glossaries": {
        "post": {
            "summary": "DeepL: create a glossary (JSON or form; entries as TSV or CSV)",
            "requestBody": {
                "required": True,
                "content": {m: {"schema": _ref("DeepLGlossaryRequest")} for m in (JSON, FORM)},
            },
            "responses": {
                **_created(
                    "GlossaryInfo",
                    "The glossary",
                    _links(
                        "glossary_id",
                        "glossary_id",
                        GetGlossary="get /v2/glossaries/{glossary_id}",
                        GetEntries="get /v2/glossaries/{glossary_id}/entries",
                        DeleteGlossary="delete /v2/glossaries/{glossary_id}",
                    ),
                ),
                **DEEPL_GLOSSARY_ERRORS,
            },
        },
        "get": {
            "summary": "DeepL: the glossaries of this key",
            "responses": {**_ok(_ref("GlossaryList"), "Glossaries"), **DEEPL_GLOSSARY_ERRORS},
        },
    },
    "/v2/glossaries/{glossary_id}": {
        "get": {
            "summary": "DeepL: a glossary's information",
            "parameters": [GLOSSARY_ID],
            "responses": {**_ok(_ref("GlossaryInfo"), "The glossary"), **DEEPL_GLOSSARY_ERRORS},
        },
        "delete": {"summary": "DeepL: delete a glossary", **_deleted(DEEPL_GLOSSARY_ERRORS)},
    },
    "/v2/glossaries/{glossary_id}/entries": {
        "get": {
            "summary": "DeepL: a glossary's entries as TSV",
            "parameters": [GLOSSARY_ID],
            "responses": {
                "200": {
                    "description": "source<TAB>target, one entry a line",
                    "content": {"text/tab-separated-values": {"schema": {"type": "string"}}},
                },
                **DEEPL_GLOSSARY_ERRORS,
            },
        }
    },
    "/v2/glossary-language-pairs": {
        "get": {
            "summary": "DeepL: language pairs glossaries may have (those of the loaded models)",
            "responses": {
                **_ok(_ref("DeepLGlossaryLanguagePairs"), "Pairs"),
                **DEEPL_GLOSSARY_ERRORS,
            },
        }
    },
}

PATHS: dict[str, Any] = {
    "/v1/digest": _article_op(
        "Outline and translation of an article", "Digest", TRANSLATING, word=True
    ),
    "/v1/outline": _article_op(
        "Extractive outline (no model needed)", "Outline", (400, 401, 413, 415, 422)
    ),
    "/v1/translate": _article_op(
        "Structure-preserving translation", "Translation", TRANSLATING, word=True
    ),
    "/v1/compare": {
        "post": {
            "summary": "Compare two versions article by article, the changes in English",
            "parameters": [
                {
                    "name": "output",
                    "in": "query",
                    "schema": {"enum": ["json", "markdown", "html"]},
                    "description": "markdown: the 新旧对照 table; html: a redline page "
                    "(same as Accept: text/markdown or text/html).",
                },
                {"name": "translate", "in": "query", "schema": {"enum": ["true", "false", "all"]}},
                {"name": "model", "in": "query", "schema": ARTICLE_REQUEST["properties"]["model"]},
                *(p for p in QUERY_PARAMS if p["name"] in ("glossary_id", "builtin_glossary")),
                PREFER,
                IDEMPOTENCY_KEY,
            ],
            "requestBody": {
                "required": True,
                "content": {
                    JSON: {"schema": _ref("CompareRequest"), "example": COMPARE_EXAMPLE},
                    MULTIPART: {"schema": _ref("CompareForm")},
                },
            },
            "responses": {
                "200": {
                    "description": "The comparison",
                    "content": {
                        JSON: {"schema": _ref("Comparison")},
                        "text/markdown": {"schema": {"type": "string"}},
                        "text/html": {"schema": {"type": "string"}},
                    },
                },
                **_accepted(),
                **_errors(*TRANSLATING),
            },
        }
    },
    "/v1/jobs": {
        "post": {
            "summary": "Submit a document job (digest, translate or outline of a long article, "
            "or compare two versions)",
            "parameters": [
                *QUERY_PARAMS[1:],  # a job's result is asked for in its output form later
                {"name": "task", "in": "query", "schema": JOB_REQUEST["properties"]["task"]},
                {
                    "name": "callback_url",
                    "in": "query",
                    "schema": JOB_REQUEST["properties"]["callback_url"],
                },
                IDEMPOTENCY_KEY,
            ],
            "requestBody": {
                **ARTICLE_BODY,
                "content": {
                    **ARTICLE_CONTENT,
                    JSON: {"schema": {"anyOf": [_ref("JobRequest"), _ref("CompareJobRequest")]}},
                    MULTIPART: {"schema": {"anyOf": [JOB_FORM, COMPARE_JOB_FORM]}},
                },
            },
            "responses": {**_accepted(), **_errors(*TRANSLATING)},
        }
    },
    "/v1/jobs/{job_id}": {
        "get": {
            "summary": "A job's status, progress and ETA",
            "parameters": [JOB_ID],
            "responses": {**_ok(_ref("Job"), "The job"), **_errors(401, 404)},
        },
        "delete": {
            "summary": "Cancel a job (running work stops at the next batch)",
            "parameters": [JOB_ID],
            "responses": {**_ok(_ref("Job"), "The job, cancelled"), **_errors(401, 404)},
        },
    },
    "/v1/jobs/{job_id}/result": {
        "get": {
            "summary": "A done job's result: the synchronous route's JSON, Markdown, HTML or "
            "(translate and digest jobs) bilingual Word file",
            "parameters": [
                JOB_ID,
                {
                    "name": "output",
                    "in": "query",
                    "schema": {"enum": ["json", "markdown", "html", "docx"]},
                },
                {
                    "name": "partial",
                    "in": "query",
                    "schema": {"enum": ["true", "false"], "default": "false"},
                    "description": "true: while the job is queued or running, 200 with the "
                    "result so far in the final shape, its JSON with `partial: true` (texts "
                    "not translated yet are null); once done the final result with `partial: "
                    "false`; failed or cancelled (and a compare job until it is done): 409.",
                },
            ],
            "responses": {
                "200": {
                    "description": "The result (by Accept or ?output=)",
                    "content": {
                        JSON: {"schema": {"type": "object"}},
                        "text/markdown": {"schema": {"type": "string"}},
                        "text/html": {"schema": {"type": "string"}},
                        DOCX_MEDIA_TYPE: FILE_CONTENT[DOCX_MEDIA_TYPE],
                    },
                },
                **_errors(400, 401, 404, 409),
            },
        }
    },
    "/v1/jobs/{job_id}/events": {
        "get": {
            "summary": "A job's events as Server-Sent Events (progress, gist, section, the end)",
            "description": "Each event has an integer `id` (1, 2, … per job) and is one of "
            "`progress` (data: the Job JSON's progress), `gist` (data: the digest's title and "
            "outline with English), `section` (data: `{section_id, section}`, a top-level "
            "section as /v1/translate gives it), and a final `done`, `failed` or `cancelled` "
            "(data: the Job JSON), after which the stream ends. A comment line is sent after "
            "PD_EVENTS_HEARTBEAT_S seconds without events.",
            "parameters": [
                JOB_ID,
                {
                    "name": "Last-Event-ID",
                    "in": "header",
                    "schema": {"type": "string", "pattern": "^[0-9]{0,18}$"},
                    "description": "Resume after this event id (no event lost or repeated); "
                    "empty: from the start.",
                },
            ],
            "responses": {
                "200": {
                    "description": "The event stream (`X-Accel-Buffering: no`)",
                    "content": {"text/event-stream": {"schema": SSE_EVENT}},
                },
                "204": {"description": "The job ended and no event follows Last-Event-ID"},
                **_errors(400, 401, 404, 503),
            },
        }
    },
    "/translate": _compat_op(
        "LibreTranslate: translate text (JSON, form or query string)",
        "LibreTranslateRequest",
        _ok(_ref("LibreTranslateResponse"), "Translated text"),
        LIBRE_ERRORS,
    ),
    "/detect": _compat_op(
        "LibreTranslate: detect the language of a text",
        "LibreDetectRequest",
        _ok(_ref("LibreDetection"), "Candidate languages, best first"),
        LIBRE_ERRORS,
    ),
    "/languages": {
        "get": {
            "summary": "LibreTranslate: languages and their targets",
            "responses": {
                **_ok(_ref("LibreLanguages"), "Languages of the loaded models"),
                **_errors(),
            },
        }
    },
    "/translate_file": _compat_op(
        "LibreTranslate: translate an uploaded file: .txt, .md, .html in their format; a .docx "
        "translated in place, an English PDF for a .pdf or .ofd, an English .docx for a .doc "
        "or .wps",
        "LibreFileRequest",
        _ok(_ref("LibreFileResult"), "Where to download the translated file"),
        LIBRE_ERRORS,
        media=(MULTIPART,),
    ),
    "/download_file/{filename}": {
        "get": {
            "summary": "LibreTranslate: download a translated file (kept PD_FILES_TTL_S seconds)",
            "parameters": [
                {"name": "filename", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "The translated file (media type by its name's suffix)",
                    "content": {
                        **{t: {"schema": {"type": "string"}} for t in DOCUMENT_TYPES},
                        **FILE_CONTENT,
                    },
                },
                **_shaped("LibreError", {404: "No such file, or it expired"}),
            },
        }
    },
    "/frontend/settings": {
        "get": {
            "summary": "LibreTranslate: front-end settings",
            "responses": {**_ok(_ref("LibreFrontendSettings"), "Settings"), **_errors()},
        }
    },
    "/suggest": {
        "post": {
            "summary": "LibreTranslate: suggestions are turned off (always 403)",
            "responses": _shaped("LibreError", {403: "Suggestions are disabled"}),
        }
    },
    "/v2/translate": _compat_op(
        "DeepL: translate texts",
        "DeepLTranslateRequest",
        {
            "200": {
                **_ok(_ref("DeepLTranslations"), "Translations in input order")["200"],
                "headers": MISSES_HEADER,
            }
        },
        DEEPL_ERRORS,
    ),
    "/v2/languages": _deepl_get(
        "DeepL: source or target languages",
        "DeepLLanguages",
        {"name": "type", "in": "query", "schema": {"enum": ["source", "target"]}},
    ),
    "/v2/usage": _deepl_get("DeepL: characters translated with this key", "DeepLUsage"),
    "/v2/document": _compat_op(
        "DeepL: upload a .txt, .md, .html, .pdf, .docx, .ofd, .doc or .wps document to "
        "translate (a document job)",
        "DeepLDocumentRequest",
        _ok(_ref("DeepLDocument"), "The document's id and key"),
        DEEPL_ERRORS,
        media=(MULTIPART,),
    ),
    "/v2/document/{document_id}": _compat_op(
        "DeepL: a document's status",
        "DeepLDocumentKey",
        _ok(_ref("DeepLDocumentStatus"), "queued, translating, done or error"),
        DEEPL_ERRORS,
        parameters=(DOCUMENT_ID,),
    ),
    "/v2/document/{document_id}/result": _compat_op(
        "DeepL: the translated document, in the uploaded format or output_format",
        "DeepLDocumentKey",
        {
            "200": {
                "description": "The translated file",
                "headers": MISSES_HEADER,
                "content": {
                    **{t: {"schema": {"type": "string"}} for t in DOCUMENT_TYPES},
                    **FILE_CONTENT,
                },
            }
        },
        DEEPL_ERRORS,
        parameters=(DOCUMENT_ID,),
    ),
    "/healthz": {
        "get": {
            "summary": "Liveness: the process answers",
            "responses": {
                **_ok(_obj(["status"], {"status": {"enum": ["ok"]}}), "Alive"),
                **_errors(),
            },
        }
    },
    "/readyz": {
        "get": {
            "summary": "Readiness: translation models are loaded",
            "responses": {**_ok(_ref("Readiness"), "Ready"), **_errors(503)},
        }
    },
    "/metrics": {
        "get": {
            "summary": "Prometheus metrics",
            "responses": {
                "200": {
                    "description": "Prometheus text format",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                **_errors(),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {**_ok({"type": "object"}, "OpenAPI 3.1 document"), **_errors()},
        }
    },
    "/": _html_page("The editors' page (paste or drop an article; outline and translation)"),
    "/docs": _html_page("Human-readable API reference"),
    **GLOSSARY_PATHS,
}


def document(version: str) -> dict[str, Any]:
    """The OpenAPI document served at /openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "policy-digest",
            "version": version,
            "description": DESCRIPTION,
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }


@cache
def validator(name: str) -> Draft202012Validator:
    """A JSON Schema validator for one of the component schemas (refs resolved in place)."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": SCHEMAS}}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
