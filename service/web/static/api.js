// The page's only contact with the service: its HTTP API.
// runTask() is the one place that knows how work is run (today: the synchronous /v1 routes).

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

/**
 * Run `task` (digest | translate | outline) on `body` (the ArticleRequest JSON).
 * onProgress({determinate, unitsDone, unitsTotal, etaS}) is told how far it got; `signal`
 * aborts it. Resolves to {result, markdown()} where markdown() fetches the service's Markdown.
 */
export async function runTask(task, body, { signal, apiKey, onProgress }) {
  onProgress({ determinate: false });
  const route = "/v1/" + task;
  const init = { method: "POST", body: JSON.stringify(body), signal };
  const response = await fetch(route, { ...init, headers: headers(apiKey) });
  const result = await readJson(response);
  const markdown = async () => {
    const again = await fetch(route + "?output=markdown", {
      method: "POST",
      body: JSON.stringify(body),
      headers: headers(apiKey, "text/markdown"),
    });
    if (!again.ok) await readJson(again);
    return again.text();
  };
  return { result, markdown };
}

/** Served model names -> null when loaded, else why not (from /readyz, also when it is 503). */
export async function servedModels() {
  const response = await fetch("/readyz", { headers: { Accept: "application/json" } });
  const body = await response.json();
  return response.ok ? body.models : (body.error && body.error.details.models) || {};
}
