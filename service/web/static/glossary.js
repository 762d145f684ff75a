// The glossary of a request: a stored one picked by id, and entries pasted one a line.

/** A pasted line the page cannot use; `line` is its number (1-based). */
export class GlossaryLineError extends Error {
  constructor(line, message) {
    super("Glossary line " + line + ": " + message);
    this.line = line;
  }
}

/**
 * Pasted entries (one a line: Chinese term, Tab, English term; blank lines skipped) as the
 * request's `glossary` object. A line without exactly one Tab, or a term given twice, throws
 * GlossaryLineError naming the line (the service checks the rest and names the entry).
 */
export function pastedEntries(text) {
  const entries = {};
  const first = {};
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (!line.trim()) return;
    const parts = line.split("\t");
    if (parts.length !== 2) {
      throw new GlossaryLineError(index + 1, "put one Tab between the Chinese term and its English");
    }
    const source = parts[0].trim();
    if (source in first) {
      throw new GlossaryLineError(index + 1, "“" + source + "” is already on line " + first[source]);
    }
    first[source] = index + 1;
    entries[source] = parts[1].trim();
  });
  return entries;
}

/** Add `glossary_id`, `glossary` and `builtin_glossary` to a request body from the form. */
export function withGlossary(body, { id, pasted, builtin }) {
  const result = { ...body };
  if (id) result.glossary_id = id;
  const entries = pastedEntries(pasted);
  if (Object.keys(entries).length) result.glossary = entries;
  if (!builtin) result.builtin_glossary = false;
  return result;
}
