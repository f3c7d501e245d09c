/**
 * The hub's one Prometheus registry: every module registers its series here (never on
 * prom-client's global default), and one endpoint serves it beside Ponder's own series
 * (GET /hub/metrics on the Ponder port; the sink and worker processes serve it on their own port).
 */
import { Counter, Registry } from "prom-client";

export const hubRegistry = new Registry();

/** Errors by stable code and by the component that met them (HubError codes, or the library's event name). */
export const errorsTotal = new Counter({
  name: "hub_errors_total",
  help: "Errors met by the hub's processes, by stable error code and component",
  labelNames: ["code", "component"],
  registers: [hubRegistry],
});

/** The code to count an unknown value under: a HubError's code, an errno-like `code`, or the class name. */
export function errorCode(error: unknown): string {
  if (error && typeof error === "object") {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
    if (typeof code === "number") return String(code);
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name.length > 0) return name;
  }
  return "UNKNOWN";
}
