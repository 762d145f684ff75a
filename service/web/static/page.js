// The editors' page: read the form, run the task, show progress, the result or the error.
// Nothing here ever clears or rewrites the article box except loading a file the editor chose.

import { ApiError, runTask, servedModels, storedGlossaries } from "./api.js";
import { wireExports } from "./export.js";
import { GlossaryLineError, withGlossary } from "./glossary.js";
import { pairSentences, renderOutline, renderTranslation } from "./view.js";

const $ = (id) => document.getElementById(id);
const FORMATS = { html: "html", htm: "html", md: "markdown", markdown: "markdown", txt: "text" };
const SUBMIT_TEXT = {
  digest: "Outline and translate",
  translate: "Translate",
  outline: "Make the outline",
};

let running = null; // the AbortController of the run in progress
let current = null; // {task, result, markdown} of the result on show

// What the editor can do about each error, by the service's error code (or HTTP status).
const ADVICE = {
  payload_too_large:
    "The article is longer than this service accepts. Split it into parts and send them one " +
    "at a time, or ask the service's operator to raise PD_MAX_CHARS and PD_MAX_BODY_BYTES.",
  invalid_input: "Check the options (beams 1–8, outline points 1–1000) and the text, then try again.",
  invalid_encoding: "Save the file as UTF-8 and load it again, or paste its text.",
  empty_document: "The service found no text in it. Paste the article itself, not an empty page.",
  unsupported_language:
    "The service translates Chinese into English. Check that the text is Chinese, or choose a " +
    "model that covers its language.",
  model_not_found: "Choose another model, or set Model to the service default.",
  model_unavailable:
    "The translation model is not installed or not loaded. Ask the operator to install it " +
    "(policy-digest models download NAME); Outline only works without a model.",
  not_ready:
    "No translation model is loaded yet. Wait and try again; if it lasts, the model is not " +
    "installed. Outline only works without a model.",
  overloaded: "The service is busy. Try again in a moment.",
  unauthorized: "This service needs an API key: enter it in the API key field.",
  deadline_exceeded: "The work took too long. Split the article into parts, or use fewer beams.",
  invalid_glossary: "Correct the glossary entry it names (in the Glossary entries box), then try again.",
  glossary_not_found: "That glossary is gone or belongs to another key: choose another one.",
  no_text_layer:
    "The file holds no text the service can read (a scan or images of text). Run OCR on it " +
    "(e.g. ocrmypdf) or export it again with text, then load it again.",
  encrypted_file: "The file is password-protected. Save or print it without the password.",
  too_many_pages: "The file has more pages than this service reads. Send it in parts.",
  unreadable_file: "The file is damaged or incomplete. Download or export it again.",
  unsafe_file: "The service refused this file as unsafe. Export it again from its source.",
};
// Documents the service reads itself: the page sends their bytes (base64), not text.
const DOCUMENTS = new Set(["pdf", "docx", "ofd", "doc", "wps"]);
let documentFile = null; // {name, base64} of the loaded document file, if any

/** Show a run's progress; `prefix` picks the view's bar and line ("" or "compare-"). */
export function setProgress(
  { determinate, unitsDone, unitsTotal, etaS, gistReady, status, text },
  prefix = "",
) {
  const bar = $(prefix + "progress");
  if (determinate) {
    bar.max = Math.max(unitsTotal, 1);
    bar.value = unitsDone;
  } else {
    bar.removeAttribute("value"); // indeterminate until the job knows its units
  }
  const eta = etaS === null || etaS === undefined ? "" : ", about " + Math.ceil(etaS) + " s left";
  const waiting = status === "queued" ? "Queued…" : "Working…";
  const gist = gistReady && unitsDone < unitsTotal ? ", English outline ready" : "";
  $(prefix + "progress-text").textContent =
    text || (determinate ? unitsDone + " of " + unitsTotal + " units done" + gist + eta : waiting);
}

/** Show an explanation in a view's error box (`kept` says the editor's text is still there). */
export function showMessage(lines, box = $("error"), kept = "Your text is still in the article box.") {
  box.replaceChildren(
    ...[...lines, kept].filter(Boolean).map((line) =>
      Object.assign(document.createElement("p"), { textContent: line })),
  );
  box.hidden = false;
  box.focus();
}

/** Explain an error of the service (or of reaching it) in a view's error box. */
export function showError(error, box = $("error"), kept = undefined) {
  if (error instanceof ApiError) {
    const retry = error.retryAfter ? " Try again in " + error.retryAfter + " seconds." : "";
    const said = error.status ? "The service answered " + error.status : "The job failed";
    showMessage([said + ": " + error.message + ".", (ADVICE[error.code] || "") + retry], box, kept);
  } else {
    showMessage([
      "Could not reach the service: " + error.message + ".",
      "Check that it is running and try again.",
    ], box, kept);
  }
}

/** The ArticleRequest JSON of the form (only the options the editor set). */
function articleRequest() {
  const body = documentFile
    ? { content_base64: documentFile.base64, filename: documentFile.name }
    : { content: $("content").value, format: $("format").value };
  if ($("model").value) body.model = $("model").value;
  const options = {};
  for (const name of ["num_beams", "max_points"]) {
    if ($(name).value !== "") options[name] = Number($(name).value);
  }
  if (Object.keys(options).length) body.options = options;
  return withGlossary(body, {
    id: $("glossary_id").value,
    pasted: $("glossary_entries").value,
    builtin: $("builtin_glossary").checked,
  });
}

// The source's language tag by its script; a mixed text is plain Chinese.
const SCRIPT_LANG = { Hans: "zh-Hans", Hant: "zh-Hant" };

function sourceLang(result) {
  return SCRIPT_LANG[result.script] || "zh";
}

// What a running job has shown so far: its English outline, then its translation section by
// section (the skeleton comes from the partial result; each section event replaces its part).
let live = null;

function startLive(task) {
  live = { task, translation: null, pending: [], loading: false };
}

function clearLive() {
  live = null;
}

function showGist(gist) {
  if (!live) return;
  const lang = sourceLang(gist);
  renderOutline($("outline-tree"), gist.outline, lang, false);
  $("outline").hidden = false;
}

function translationOf(task, result) {
  return task === "digest" ? result.translation : task === "translate" ? result : null;
}

function showPartial(result) {
  if (!live) return;
  if (live.task === "digest" && result.outline.some((node) => hasEnglish(node))) {
    showGist(result);
  }
  live.translation = translationOf(live.task, result);
  live.lang = sourceLang(result);
  drawLive();
}

function hasEnglish(node) {
  return node.points.some((p) => p.translation) || node.children.some(hasEnglish);
}

function drawLive() {
  const translation = live.translation;
  if (!translation) return;
  for (const { section_id: id, section } of live.pending.splice(0)) {
    const index = translation.sections.findIndex((s) => s.id === id);
    if (index >= 0) translation.sections[index] = section;
  }
  renderTranslation($("translation-rows"), translation, live.lang);
  $("translation").hidden = false;
}

async function showSection(data, partial) {
  if (!live) return;
  live.pending.push(data);
  if (live.translation) {
    drawLive();
  } else if (!live.loading) {
    live.loading = true; // the first section: fetch the skeleton (the result so far) once
    const run = live;
    try {
      const result = await partial();
      if (live === run) showPartial(result);
    } catch {
      // the final result still comes; the live view is a convenience
    }
  }
}

function show(task, outcome) {
  const { result } = outcome;
  const lang = sourceLang(result);
  const translation = task === "digest" ? result.translation : task === "translate" ? result : null;
  $("translation").hidden = !translation;
  if (translation) renderTranslation($("translation-rows"), translation, lang);
  $("outline").hidden = !result.outline;
  if (result.outline) renderOutline($("outline-tree"), result.outline, lang, Boolean(translation));
  current = { task, ...outcome };
  $("exports").hidden = false;
  $("export-status").textContent = "";
}

async function submit(event) {
  event.preventDefault();
  if (running) return;
  if (!documentFile && !$("content").value.trim()) {
    showMessage(["The article box is empty: paste an article or drop a file on it first."]);
    return;
  }
  const task = $("task").value;
  let body;
  try {
    body = articleRequest();
  } catch (error) {
    if (!(error instanceof GlossaryLineError)) throw error;
    showMessage([error.message + "."]);
    return;
  }
  running = new AbortController();
  startLive(task);
  $("error").hidden = true;
  $("cancel").disabled = false; // (submit stays enabled, so focus stays; a second one is ignored)
  try {
    const outcome = await runTask(task, body, {
      signal: running.signal,
      apiKey: $("api_key").value,
      onProgress: setProgress,
      onGist: showGist,
      onSection: showSection,
      onPartial: showPartial,
    });
    clearLive();
    show(task, outcome);
    setProgress({ determinate: true, unitsDone: 1, unitsTotal: 1, text: "Done." });
    $("result").focus();
  } catch (error) {
    clearLive();
    $("outline").hidden = $("translation").hidden = true; // half a result is not one
    if (error.name === "AbortError") {
      setProgress({ determinate: true, unitsDone: 0, unitsTotal: 1, text: "Cancelled. Your text is still in the article box." });
    } else {
      setProgress({ determinate: true, unitsDone: 0, unitsTotal: 1, text: "Failed." });
      showError(error);
    }
  } finally {
    running = null;
    if (document.activeElement === $("cancel")) $("submit").focus(); // before it is disabled
    $("cancel").disabled = true;
  }
}

/** A file's base64 (for a document the service reads itself). */
export async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** A file's format by its extension (auto when unknown). */
export function formatOf(file) {
  return FORMATS[file.name.split(".").pop().toLowerCase()] || "auto";
}

/** Whether the service reads this file itself (PDF, Word, OFD): sent as base64, not text. */
export function isDocument(file) {
  return DOCUMENTS.has(file.name.split(".").pop().toLowerCase());
}

async function loadDocument(file) {
  try {
    documentFile = { name: file.name, base64: await base64Of(file) };
  } catch (error) {
    $("progress-text").textContent = "Could not read " + file.name + ": " + error.message;
    return;
  }
  $("content").value = "";
  $("content").placeholder = file.name + " is loaded: the service reads it when you run.";
  $("format").value = "auto";
  $("progress-text").textContent = "Loaded " + file.name + ".";
}

async function load(file) {
  if (isDocument(file)) return loadDocument(file);
  documentFile = null;
  $("content").placeholder = "";
  try {
    $("content").value = await file.text();
  } catch (error) {
    $("progress-text").textContent = "Could not read " + file.name + ": " + error.message;
    return;
  }
  $("format").value = formatOf(file);
  $("progress-text").textContent = "Loaded " + file.name + ".";
}

/** Call `load(file)` for a file chosen in `input` or dropped on `zone`. */
export function wireFiles(input, zone, load) {
  input.addEventListener("change", () => {
    if (input.files.length) load(input.files[0]);
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer.files.length) load(event.dataTransfer.files[0]);
  });
}

async function listModels() {
  try {
    const models = await servedModels();
    for (const [name, reason] of Object.entries(models)) {
      const option = new Option(reason ? name + " (not loaded)" : name, name);
      option.disabled = Boolean(reason);
      $("model").append(option);
    }
  } catch {
    // the service default still works; the list is a convenience
  }
}

async function listGlossaries() {
  const select = $("glossary_id");
  const keep = select.value;
  select.replaceChildren(new Option("None", ""));
  try {
    for (const glossary of await storedGlossaries($("api_key").value)) {
      const label = glossary.name + " (" + glossary.entry_count + " entries)";
      select.append(new Option(label, glossary.glossary_id, false, glossary.glossary_id === keep));
    }
  } catch {
    // no key yet, or none needed and none stored: pasting entries still works
  }
}

function wireLinks() {
  // An outline link scrolls to its sentence and focuses it, which highlights its English.
  $("outline").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-sentence-id]");
    if (!link) return;
    const target = document.getElementById("src-" + link.dataset.sentenceId);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
}

$("article-form").addEventListener("submit", submit);
$("cancel").addEventListener("click", () => running && running.abort());
$("task").addEventListener("change", () => {
  $("submit").textContent = SUBMIT_TEXT[$("task").value];
});
// Typing in the box means the editor's own text is the article, not the loaded file.
$("content").addEventListener("input", () => {
  documentFile = null;
  $("content").placeholder = "";
});
wireFiles($("file"), $("drop-zone"), load);
wireLinks();
pairSentences($("translation"));
wireExports(() => current, (text) => { $("export-status").textContent = text; });
listModels();
listGlossaries();
$("api_key").addEventListener("change", listGlossaries);
