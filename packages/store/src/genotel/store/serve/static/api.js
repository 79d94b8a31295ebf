// Talking to genotel serve: JSON in and out, the bearer token when the server asks for one.

const TOKEN_KEY = "genotel-serve-token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const detail = payload && typeof payload.detail === "string" ? payload.detail : response.statusText;
    throw new ApiError(response.status, detail);
  }
  return { payload, nextOffset: response.headers.get("X-Next-Offset") };
}

export const api = {
  info: () => call("GET", "/v1/genotel/info"),
  traces: (body) => call("POST", "/v1/telemetry/traces", body),
  trace: (traceId) => call("GET", `/v1/genotel/traces/${encodeURIComponent(traceId)}`),
  metrics: (name, body) => call("POST", `/v1/telemetry/metrics/${encodeURIComponent(name)}`, body),
};
