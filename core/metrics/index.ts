export { errorCode, errorsTotal, hubRegistry } from "./registry.js";
export { errorListener, reportError } from "./report-error.js";
