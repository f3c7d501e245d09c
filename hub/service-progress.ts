/**
 * Follows the embedded services from the hub CLI: polls the Ponder process's /hub/status and
 * /replay/status and prints the sink's and the replay worker's progress until both are done.
 */
export type ServiceProgress = { sinkBlock: number; verdicts: number; jobs: number; byVerdict: Record<string, number>; provider: string };

async function json<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

export async function followEmbeddedServices(baseUrl: string, lastBlock: bigint, expectedClaims: number, log: (line: string) => void, timeoutMs = 300_000): Promise<ServiceProgress | undefined> {
  const deadline = Date.now() + timeoutMs;
  let lastLine = "";
  let lastPrinted = 0;
  for (;;) {
    const hub = await json<{ analyticsLag: { syncedBlock: string } | null }>(`${baseUrl}/hub/status`);
    const replay = await json<{ jobs: number; verdicts: number; byVerdict: Record<string, number>; executionProvider: { provider: string } }>(`${baseUrl}/replay/status`);
    const sinkBlock = Number(hub?.analyticsLag?.syncedBlock ?? 0);
    const progress: ServiceProgress = {
      sinkBlock,
      verdicts: replay?.verdicts ?? 0,
      jobs: replay?.jobs ?? 0,
      byVerdict: replay?.byVerdict ?? {},
      provider: replay?.executionProvider.provider ?? "?",
    };
    const line = `analytics: sink at block ${sinkBlock}/${lastBlock}; replay: ${progress.verdicts}/${expectedClaims} claims verified`;
    if (line !== lastLine && Date.now() - lastPrinted > 1000) {
      log(line);
      lastLine = line;
      lastPrinted = Date.now();
    }
    const done = sinkBlock >= Number(lastBlock) && progress.verdicts >= expectedClaims;
    if (done) {
      if (line !== lastLine) log(line);
      return progress;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 500));
  }
}
