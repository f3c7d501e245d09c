/**
 * The supervisor's record of Ponder restarts (why, when), handed to each new Ponder process in
 * one environment variable so that its /hub/status can say the indexer was restarted and why.
 */
export const SUPERVISION_ENV = "HUB_PONDER_RESTARTS";

export type PonderRestart = { at: string; reason: string };

export function encodeRestarts(restarts: readonly PonderRestart[]): string {
  return JSON.stringify(restarts.slice(-20));
}

export function decodeRestarts(raw: string | undefined): PonderRestart[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as PonderRestart[]) : [];
  } catch {
    return [];
  }
}
