// Copy and download: the service's Markdown, the shown result as one HTML file, the JSON.

function save(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The result sections as a standalone HTML document with the page's own stylesheet. */
async function htmlDocument(title) {
  const css = await (await fetch(document.querySelector('link[rel="stylesheet"]').href)).text();
  const parts = ["outline", "translation"]
    .map((id) => document.getElementById(id))
    .filter((section) => !section.hidden)
    .map((section) => section.outerHTML);
  const escaped = document.createElement("p");
  escaped.textContent = title;
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>' +
    escaped.innerHTML + "</title>\n<style>\n" + css + "\n</style>\n</head>\n<body>\n<main>\n" +
    parts.join("\n") + "\n</main>\n</body>\n</html>\n"
  );
}

/** Wire the export buttons to the current run (`current()` returns {task, result, markdown}). */
export function wireExports(current, say) {
  const base = () => "policy-digest-" + current().task;
  const run = (action, done) => async () => {
    try {
      await action();
      say(done);
    } catch (error) {
      say("Could not do that: " + error.message);
    }
  };
  document.getElementById("copy-markdown").addEventListener("click", run(async () => {
    await navigator.clipboard.writeText(await current().markdown());
  }, "Markdown copied to the clipboard."));
  document.getElementById("download-markdown").addEventListener("click", run(async () => {
    save(base() + ".md", "text/markdown", await current().markdown());
  }, "Markdown downloaded."));
  document.getElementById("download-html").addEventListener("click", run(async () => {
    save(base() + ".html", "text/html", await htmlDocument(base()));
  }, "HTML downloaded."));
  document.getElementById("download-json").addEventListener("click", run(async () => {
    save(base() + ".json", "application/json", JSON.stringify(current().result, null, 2) + "\n");
  }, "JSON downloaded."));
}
