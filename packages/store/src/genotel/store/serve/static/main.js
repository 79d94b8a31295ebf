// The viewer's entry point: a hash router (#/, #/trace/ID, #/metrics), the token prompt and error line.

import { ApiError, api, setToken } from "./api.js";
import { show } from "./dom.js";
import { showMetrics } from "./charts.js";
import { rememberModels, showTraceList, wireTraceList } from "./list.js";
import { showTrace } from "./trace.js";

const root = document.body;
const views = ["traces-view", "trace-view", "metrics-view"].map((id) => document.getElementById(id));
const errorLine = document.getElementById("error");

function fail(error) {
  if (error instanceof ApiError && error.status === 401) {
    show(document.getElementById("auth"), true);
  }
  errorLine.textContent = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
  show(errorLine, true);
}

function activate(id) {
  for (const view of views) show(view, view.id === id);
  show(errorLine, false);
  document.body.dataset.view = id;
}

async function route() {
  const hash = location.hash || "#/";
  const trace = /^#\/trace\/([0-9a-fA-Fx]+)$/.exec(hash);
  try {
    if (trace) {
      activate("trace-view");
      const models = await showTrace(root, trace[1]);
      rememberModels(document.getElementById("models-seen"), models);
    } else if (hash === "#/metrics") {
      activate("metrics-view");
      await showMetrics(root);
    } else {
      activate("traces-view");
      await showTraceList(root);
    }
    document.body.dataset.ready = "true";
  } catch (error) {
    fail(error);
  }
}

document.getElementById("auth").addEventListener("submit", (event) => {
  event.preventDefault();
  setToken(document.getElementById("auth-token").value.trim());
  show(document.getElementById("auth"), false);
  loadInfo();
  route();
});
document.getElementById("metrics-window").addEventListener("change", () => showMetrics(root).catch(fail));
wireTraceList(root, fail);
window.addEventListener("hashchange", route);

async function loadInfo() {
  try {
    const { payload } = await api.info();
    document.getElementById("store-path").textContent = `${payload.store} · genotel-store ${payload.version}`;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) fail(error);
  }
}

loadInfo();
route();
