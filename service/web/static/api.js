// The page's only contact with the service: its HTTP API.
// runTask() is the one place that knows how work is run: as a document job (/v1/jobs), followed
// through its Server-Sent Events (read with fetch(), so an API key travels in a header), or by
// polling when events are not available.

/** An API error: HTTP status, the service's error code and message, and Retry-After. */
export class ApiError extends Error {
  constructor(status, code, message, details, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
    this.retryAfter = retryAfter;
  }
}

function headers(apiKey, accept = "application/json") {
  const result = { Accept: accept, "Content-Type": "application/json" };
  if (apiKey) result["X-API-Key"] = apiKey;
  return result;
}

/** The response body as JSON, or an ApiError built from the service's one error shape. */
async function readJson(response) {
  if (response.ok) return response.json();
  let error = {};
  try {
    error = (await response.json()).error || {};
  } catch {
    // not JSON (a proxy's page, say): the status alone has to do
  }
  const retry = response.headers.get("Retry-After");
  throw new ApiError(
    response.status,
    error.code || "http_" + response.status,
    error.message || response.statusText || "the service answered " + response.status,
    error.details,
    retry === null ? null : Number(retry),
  );
}

const POLL_MS = 400;
const RETRY_MS = 1000; // before reconnecting a broken event stream

/** Wait `ms`, or reject as soon as `signal` aborts. */
function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function report(job, onProgress) {
  const p = job.progress;
  onProgress({
    determinate: p.units_total > 0,
    unitsDone: p.units_done,
    unitsTotal: p.units_total,
    etaS: p.eta_s,
    gistReady: p.gist_ready === true,
    status: job.status,
  });
}

const FINAL = ["done", "failed", "cancelled"];
const STREAM_TRIES = 5; // reconnections in a row before the page falls back to polling

/** Parse text/event-stream blocks out of `buffer`; returns [events, the unparsed rest]. */
function parseEvents(buffer) {
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop();
  const events = [];
  for (const block of blocks) {
    const event = { id: null, kind: "message", data: [] };
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // a heartbeat or other comment
      const at = line.indexOf(":");
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
      if (field === "id") event.id = value;
      else if (field === "event") event.kind = value;
      else if (field === "data") event.data.push(value);
    }
    if (event.data.length) events.push({ ...event, data: JSON.parse(event.data.join("\n")) });
  }
  return [events, rest];
}

/**
 * Follow a job's Server-Sent Events with fetch() (so the API key goes in a header, which a
 * browser EventSource cannot send), reconnecting with Last-Event-ID when the stream breaks.
 * `handle(event)` gets every event; resolves to the final Job JSON, or to null when the events
 * are not available (503, an old service, repeated breaks): the caller polls instead.
 */
async function followEvents(url, { signal, apiKey, handle }) {
  let lastId = null;
  let failures = 0;
  while (failures < STREAM_TRIES) {
    const streamHeaders = headers(apiKey, "text/event-stream");
    if (lastId !== null) streamHeaders["Last-Event-ID"] = lastId;
    try {
      const response = await fetch(url + "/events", { headers: streamHeaders, signal });
      if (response.status === 204) return readJson(await fetch(url, { headers: headers(apiKey), signal }));
      if (!response.ok || !response.body) return null; // e.g. 503 too_many_streams: poll
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        let events;
        [events, buffer] = parseEvents(buffer + value);
        for (const event of events) {
          lastId = event.id;
          failures = 0;
          handle(event);
          if (FINAL.includes(event.kind)) return event.data;
        }
      }
    } catch (error) {
      if (error.name === "AbortError") throw error;
    }
    failures += 1; // the stream ended without the final event (a worker stopping): reconnect
    await pause(RETRY_MS, signal);
  }
  return null;
}

/**
 * Poll the job until it ends (the fallback when events are not available). When the gist
 * becomes ready or more sections are done, `onPartial` gets the partial result.
 */
async function pollJob(url, job, { signal, apiKey, onProgress, onPartial }) {
  let shown = { gist: false, sections: 0 };
  while (!FINAL.includes(job.status)) {
    report(job, onProgress);
    const p = job.progress;
    if ((p.gist_ready && !shown.gist) || p.sections_done > shown.sections) {
      shown = { gist: Boolean(p.gist_ready), sections: p.sections_done };
      onPartial(await readJson(await fetch(url + "/result?partial=true", { headers: headers(apiKey), signal })));
    }
    await pause(POLL_MS, signal);
    job = await readJson(await fetch(url, { headers: headers(apiKey), signal }));
  }
  return job;
}

/**
 * Run `task` (digest | translate | outline) on `body` (the ArticleRequest JSON) as a document
 * job: submit it, follow its events (or poll), then fetch its result. While it runs:
 * onProgress gets {determinate, unitsDone, unitsTotal, etaS, gistReady, status}, onGist the
 * digest's English outline ({title, outline, script}) as soon as it is translated, onSection
 * each top-level section ({section_id, section}) once all its sentences are, and onPartial a
 * partial result (when polling). `partial()` fetches the result so far. Aborting `signal`
 * cancels the job on the service. Resolves to {result, markdown()} where markdown() fetches
 * the service's Markdown.
 */
export async function runTask(task, body, { signal, apiKey, onProgress, onGist, onSection, onPartial }) {
  onProgress({ determinate: false });
  const submit = { method: "POST", body: JSON.stringify({ ...body, task }), signal };
  let job = await readJson(await fetch("/v1/jobs", { ...submit, headers: headers(apiKey) }));
  const url = "/v1/jobs/" + encodeURIComponent(job.id);
  const partial = async () =>
    readJson(await fetch(url + "/result?partial=true", { headers: headers(apiKey), signal }));
  const handle = (event) => {
    if (event.kind === "progress") report({ status: "running", progress: event.data }, onProgress);
    else if (event.kind === "gist") onGist(event.data);
    else if (event.kind === "section") onSection(event.data, partial);
  };
  try {
    if (!FINAL.includes(job.status)) {
      job = (await followEvents(url, { signal, apiKey, handle })) ||
        (await pollJob(url, job, { signal, apiKey, onProgress, onPartial }));
    }
  } catch (error) {
    if (error.name === "AbortError") {
      await fetch(url, { method: "DELETE", headers: headers(apiKey) });
    }
    throw error;
  }
  if (job.status === "cancelled") throw new DOMException("the job was cancelled", "AbortError");
  if (job.status === "failed") {
    const error = job.error || {};
    throw new ApiError(null, error.code, error.message || "the job failed", error.details, null);
  }
  report(job, onProgress);
  const result = await readJson(await fetch(url + "/result", { headers: headers(apiKey) }));
  const markdown = async () => {
    const response = await fetch(url + "/result?output=markdown", {
      headers: headers(apiKey, "text/markdown"),
    });
    if (!response.ok) await readJson(response);
    return response.text();
  };
  return { result, markdown };
}

/** Served model names -> null when loaded, else why not (from /readyz, also when it is 503). */
export async function servedModels() {
  const response = await fetch("/readyz", { headers: { Accept: "application/json" } });
  const body = await response.json();
  return response.ok ? body.models : (body.error && body.error.details.models) || {};
}

/** The stored glossaries of this API key ([] when the service keeps none for it). */
export async function storedGlossaries(apiKey) {
  const response = await fetch("/v1/glossaries", { headers: headers(apiKey) });
  return (await readJson(response)).glossaries;
}
