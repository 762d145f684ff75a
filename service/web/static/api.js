// The page's only contact with the service: its HTTP API.
// runTask() is the one place that knows how work is run: as a document job (/v1/jobs).

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
  onProgress({ determinate: p.units_total > 0, unitsDone: p.units_done, unitsTotal: p.units_total, etaS: p.eta_s, status: job.status });
}

/**
 * Run `task` (digest | translate | outline) on `body` (the ArticleRequest JSON) as a document
 * job: submit it, poll its status (onProgress gets {determinate, unitsDone, unitsTotal, etaS,
 * status}), then fetch its result. Aborting `signal` cancels the job on the service.
 * Resolves to {result, markdown()} where markdown() fetches the service's Markdown.
 */
export async function runTask(task, body, { signal, apiKey, onProgress }) {
  onProgress({ determinate: false });
  const submit = { method: "POST", body: JSON.stringify({ ...body, task }), signal };
  let job = await readJson(await fetch("/v1/jobs", { ...submit, headers: headers(apiKey) }));
  const url = "/v1/jobs/" + encodeURIComponent(job.id);
  try {
    while (job.status === "queued" || job.status === "running") {
      report(job, onProgress);
      await pause(POLL_MS, signal);
      job = await readJson(await fetch(url, { headers: headers(apiKey), signal }));
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
