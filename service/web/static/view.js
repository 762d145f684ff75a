// The result views: the outline tree and the two-column, sentence-aligned translation.
// Every text from the service goes in through textContent, never as markup.

// Short explanations of the fidelity flags (service/translate/fidelity.py).
const FLAG_NOTES = {
  untranslated_han: "Chinese characters left untranslated",
  numbers_missing: "a number of the source is missing",
  repetition: "the model repeated itself",
  empty_output: "no translation came out",
  glossary_term_missing: "a glossary term's English is missing",
};

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function joined(...parts) {
  return parts.filter(Boolean).join(" ");
}

/** Heading depth of a section level: level 1 is an h2 (below the page's h1), capped at h6. */
function depth(level) {
  return Math.min(level + 1, 6);
}

/** The explanation of each flag of one unit (a sentence, or a heading: its id + ".heading"),
 *  with the service's detail when it gave one. */
function flagNotes(sentence, warnings, flags = sentence.flags, id = sentence.id) {
  return flags.map((flag) => {
    const warning = warnings.find((w) => w.id === id && w.flag === flag);
    const detail = warning && warning.message;
    return { flag, text: FLAG_NOTES[flag] || flag.replace(/_/g, " "), detail };
  });
}

function sourceSentence(sentence, lang) {
  return el(
    "span",
    { class: "sentence", "data-sentence-id": sentence.id, id: "src-" + sentence.id, tabindex: 0, lang },
    sentence.text,
  );
}

function targetSentence(sentence, warnings) {
  if (sentence.translation === null) {
    // not translated yet (a running job): a placeholder the next section event replaces
    return el("span", { class: "sentence pending", "data-sentence-id": sentence.id, tabindex: 0 },
      el("span", { class: "visually-hidden" }, "not translated yet"), el("span", { "aria-hidden": "true" }, "…"));
  }
  const notes = flagNotes(sentence, warnings);
  const node = el(
    "span",
    { class: notes.length ? "sentence flagged" : "sentence", "data-sentence-id": sentence.id, tabindex: 0 },
    sentence.translation,
  );
  appendNotes(node, notes);
  return node;
}

function appendNotes(node, notes) {
  for (const note of notes) {
    node.append(
      " ",
      el("span", { class: "flag", "data-flag": note.flag, title: note.detail || note.text },
        "⚠ " + note.text + (note.detail ? " (" + note.detail + ")" : "")),
    );
  }
}

function row(kind, source, target) {
  return el("div", { class: "row " + kind }, source, target);
}

function headingRow(section, lang, warnings) {
  const tag = "h" + depth(section.level);
  const target = el("div", { class: "target", lang: "en" },
    el(tag, { lang: "en", id: "en-" + section.id }, joined(section.label_en, section.heading_en)));
  const flags = section.heading_flags || [];
  appendNotes(target, flagNotes(section, warnings, flags, section.id + ".heading"));
  return row(
    "heading",
    el("div", { class: "source", lang }, el(tag, { lang }, joined(section.label, section.heading))),
    target,
  );
}

function paragraphRow(paragraph, lang, warnings) {
  const source = el("p", { lang });
  const target = el("p", { lang: "en" });
  paragraph.sentences.forEach((sentence, index) => {
    if (index) {
      source.append(" ");
      target.append(" ");
    }
    source.append(sourceSentence(sentence, lang));
    target.append(targetSentence(sentence, warnings));
  });
  return row(
    "paragraph",
    el("div", { class: "source", lang, "data-paragraph-id": paragraph.id }, source),
    el("div", { class: "target", lang: "en", "data-paragraph-id": paragraph.id }, target),
  );
}

function sectionRows(section, lang, warnings, rows) {
  if (section.level > 0 && (section.heading || section.label)) rows.push(headingRow(section, lang, warnings));
  for (const paragraph of section.paragraphs) rows.push(paragraphRow(paragraph, lang, warnings));
  for (const child of section.sections) sectionRows(child, lang, warnings, rows);
}

/** The translation as rows of [source, English]; `lang` is zh-Hans or zh-Hant. */
export function renderTranslation(container, translation, lang) {
  const rows = [];
  if (translation.title) {
    rows.push(row(
      "title",
      el("div", { class: "source", lang }, el("p", { class: "doc-title", lang }, translation.title.text)),
      el("div", { class: "target", lang: "en" },
        el("p", { class: "doc-title", lang: "en" }, translation.title.translation || "…")),
    ));
  }
  for (const section of translation.sections) sectionRows(section, lang, translation.warnings, rows);
  container.replaceChildren(...rows);
}

function pointItem(point, lang, linked) {
  const text = point.translation
    ? el("span", { lang: "en" }, point.translation)
    : el("span", { lang }, point.text);
  const body = linked
    ? el("a", { href: "#src-" + point.sentence_id, "data-sentence-id": point.sentence_id }, text)
    : text;
  const lead = point.lead ? el("span", { class: "lead", lang }, point.lead + " ") : null;
  return el("li", { class: "point", "data-kind": point.kind }, lead, body);
}

function outlineNode(node, lang, linked) {
  const item = el("li", { class: "node", "data-section-id": node.section_id, "data-label": node.label || "" });
  const source = joined(node.label, node.heading);
  const english = joined(node.label_en, node.heading_en);
  if (source || english) {
    item.append(el("span", { class: "node-heading" },
      english ? el("span", { lang: "en" }, english) : null,
      source ? el("span", { class: "node-source", lang }, source) : null));
  }
  if (node.points.length) {
    item.append(el("ul", { class: "points" }, ...node.points.map((p) => pointItem(p, lang, linked))));
  }
  if (node.children.length) {
    item.append(el("ol", { class: "nodes" }, ...node.children.map((c) => outlineNode(c, lang, linked))));
  }
  return item;
}

/** The outline tree; its points link to their sentences when the translation is shown. */
export function renderOutline(container, outline, lang, linked) {
  container.replaceChildren(el("ol", { class: "nodes" }, ...outline.map((n) => outlineNode(n, lang, linked))));
}

/** Hovering or focusing a sentence highlights every element of the same sentence id. */
export function pairSentences(container) {
  const mark = (event, on) => {
    const sentence = event.target.closest && event.target.closest(".sentence");
    if (!sentence) return;
    const selector = '.sentence[data-sentence-id="' + CSS.escape(sentence.dataset.sentenceId) + '"]';
    for (const twin of container.querySelectorAll(selector)) twin.classList.toggle("paired", on);
  };
  container.addEventListener("mouseover", (event) => mark(event, true));
  container.addEventListener("mouseout", (event) => mark(event, false));
  container.addEventListener("focusin", (event) => mark(event, true));
  container.addEventListener("focusout", (event) => mark(event, false));
}
