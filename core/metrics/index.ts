export { errorCode, errorsTotal, hubRegistry } from "./registry.js";
export { errorListener, reportError } from "./report-error.js";
export { serveMetrics, type MetricsServer } from "./serve.js";
