// The page's Compare view: two versions in (pasted or dropped), a side-by-side redline out,
// with the English of the changes. It runs as a compare job (/v1/jobs, task "compare"). A
// dropped PDF, Word or OFD file goes as its bytes (content_base64): the service reads it.
// Every text from the service goes in through textContent, never as markup.

import { runTask } from "./api.js";
import {
  base64Of, formatOf, isDocument, setProgress, showError, showMessage, wireFiles,
} from "./page.js";
import { el } from "./view.js";

const $ = (id) => document.getElementById(id);
const TRANSLATE = { changes: true, all: "all", none: false };
const KEPT = "Both versions are still in their boxes.";
const formats = { old: "auto", new: "auto" };
const documents = { old: null, new: null }; // {name, base64} of a document file loaded per side
let running = null;

function showView(compare) {
  $("article-view").hidden = compare;
  $("compare-view").hidden = !compare;
  $("show-article").setAttribute("aria-pressed", String(!compare));
  $("show-compare").setAttribute("aria-pressed", String(compare));
}

async function load(side, file) {
  const box = $(side + "-content");
  try {
    if (isDocument(file)) {
      documents[side] = { name: file.name, base64: await base64Of(file) };
      box.value = "";
      box.placeholder = file.name + " is loaded: the service reads it when you compare.";
    } else {
      box.value = await file.text();
      documents[side] = null;
      box.placeholder = "";
      formats[side] = formatOf(file);
    }
  } catch (error) {
    $("compare-progress-text").textContent = "Could not read " + file.name + ": " + error.message;
    return;
  }
  $("compare-progress-text").textContent = "Loaded " + file.name + ".";
}

/** One version as the request carries it: the loaded document file, else the box's text. */
function version(side) {
  const file = documents[side];
  if (file) return { content_base64: file.base64, filename: file.name };
  return { content: $(side + "-content").value, format: formats[side] };
}

function missing(side) {
  return !documents[side] && !$(side + "-content").value.trim();
}

/** What happened to a pair, in words: "changed, renumbered (第十条 → 第十二条)". */
function describe(pair) {
  const words = [pair.status, ...["renumbered", "moved", "split", "merged"].filter((f) => pair[f])];
  const labels = [...new Set([pair.old, pair.new].filter((u) => u && u.label).map((u) => u.label))];
  return words.join(", ") + (labels.length ? " (" + labels.join(" → ") + ")" : "");
}

function content(unit) {
  return [unit.heading, unit.text].filter(Boolean).join("\n");
}

/** One side of a pair: its label, then its text with the other side's edits left out. */
function side(pair, name) {
  const unit = pair[name];
  const cell = el("div", { class: "cell " + name, lang: "zh" });
  if (!unit) return cell;
  if (unit.label) cell.append(el("strong", {}, unit.label), " ");
  if (!pair.diff.length) {
    cell.append(content(unit));
    return cell;
  }
  const keep = name === "old" ? "-" : "+";
  for (const [op, text] of pair.diff) {
    if (op === "=") cell.append(text);
    else if (op === keep) cell.append(el(op === "-" ? "del" : "ins", {}, text));
  }
  return cell;
}

function english(pair) {
  const cell = el("div", { class: "cell english", lang: "en" });
  const { old, new: fresh } = pair.english;
  if (old && fresh && old !== fresh) {
    cell.append(el("p", {}, el("span", { class: "which" }, "Old: "), old));
    cell.append(el("p", {}, el("span", { class: "which" }, "New: "), fresh));
  } else if (fresh || old) {
    cell.append(el("p", {}, fresh || old));
  }
  return cell;
}

function render(result) {
  const counts = Object.entries(result.summary).map(([name, n]) => n + " " + name);
  $("comparison-summary").textContent = counts.join(", ") + ".";
  const shown = result.pairs.filter((p) => p.status !== "unchanged" || p.moved);
  $("comparison-rows").replaceChildren(
    ...shown.map((pair) =>
      el(
        "div",
        { class: "pair-row", "data-status": pair.status },
        el("h3", { class: "pair-what" }, describe(pair)),
        side(pair, "old"),
        side(pair, "new"),
        english(pair),
      )),
  );
  if (!shown.length) $("comparison-rows").append(el("p", {}, "No changes."));
  $("comparison").hidden = false;
}

async function submit(event) {
  event.preventDefault();
  if (running) return;
  if (missing("old") || missing("new")) {
    showMessage(["Both versions are needed: paste or drop the old one and the new one."],
      $("compare-error"), "");
    return;
  }
  const body = {
    old: version("old"),
    new: version("new"),
    translate: TRANSLATE[$("compare-translate").value],
  };
  const model = $("model").value; // the model chosen in the article view, if any
  if (model) body.model = model;
  running = new AbortController();
  $("compare-error").hidden = true;
  $("compare-cancel").disabled = false;
  const progress = (state) => setProgress(state, "compare-");
  try {
    const { result } = await runTask("compare", body, {
      signal: running.signal,
      apiKey: $("api_key").value,
      onProgress: progress,
    });
    render(result);
    progress({ determinate: true, unitsDone: 1, unitsTotal: 1, text: "Done." });
    $("comparison").focus();
  } catch (error) {
    if (error.name === "AbortError") {
      progress({ determinate: true, unitsDone: 0, unitsTotal: 1, text: "Cancelled. " + KEPT });
    } else {
      progress({ determinate: true, unitsDone: 0, unitsTotal: 1, text: "Failed." });
      showError(error, $("compare-error"), KEPT);
    }
  } finally {
    running = null;
    if (document.activeElement === $("compare-cancel")) $("compare-submit").focus();
    $("compare-cancel").disabled = true;
  }
}

$("show-article").addEventListener("click", () => showView(false));
$("show-compare").addEventListener("click", () => showView(true));
for (const name of ["old", "new"]) {
  // Typing in a box means its own text is that version, not a loaded file.
  $(name + "-content").addEventListener("input", () => {
    formats[name] = "auto";
    documents[name] = null;
    $(name + "-content").placeholder = "";
  });
  wireFiles($(name + "-file"), $(name + "-zone"), (file) => load(name, file));
}
$("compare-form").addEventListener("submit", submit);
$("compare-cancel").addEventListener("click", () => running && running.abort());
