/** The API keys the provenance API accepts (API_KEYS, comma-separated); none: mutations are refused. */
import { hubEnv, type HubEnv } from "../../core/config/index.js";

export function configuredApiKeys(env: HubEnv = hubEnv()): string[] {
  return (env.API_KEYS ?? "").split(",").map((k) => k.trim()).filter((k) => k.length > 0);
}
