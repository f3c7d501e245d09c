/**
 * Honest lag: how far the indexer, the analytics sink and the replay backlog trail the CHAIN's
 * head (not the indexer's), in blocks and in block-time seconds, and whether each is stalled:
 * behind the head and not advancing for longer than the configured bound. Readiness is false
 * while any of them is stalled or the chain cannot be asked. Pure apart from the probes it is
 * given (hub/status/lag-probes.ts reads the RPC and the stores), so the rules are unit-tested.
 */
export type ChainHead = { block: bigint; timestamp: number };
export type ReplayPosition = { block: bigint | undefined; backlog: number };

export type LagProbes = {
  chainHead(): Promise<ChainHead>;
  /** The indexer's committed block, undefined before its first checkpoint. */
  indexer(): Promise<bigint | undefined>;
  /** The block the analytics facts are synced to. */
  sink(): Promise<bigint | undefined>;
  /** The block every claim up to which has a verdict, and how many jobs wait for one. */
  replay(): Promise<ReplayPosition | undefined>;
  blockTimestamp(block: bigint): Promise<number>;
};

export type LagComponent = "indexer" | "sink" | "replay";

export type ComponentLagFigures = {
  component: LagComponent;
  block: string | null;
  lagBlocks: number | null;
  lagSeconds: number | null;
  /** Seconds since the component last advanced (or was at the head). */
  secondsSinceProgress: number;
  stalled: boolean;
  backlog?: number;
};

export type HubLagFigures = {
  checkedAt: string;
  chain: { head: string; timestamp: number } | null;
  chainError?: string;
  stallAfterSeconds: number;
  components: ComponentLagFigures[];
  ready: boolean;
  /** Why readiness is false, one line each. */
  notReady: string[];
};

export type LagMonitorOptions = {
  probes: LagProbes;
  /** A component behind the head that has not advanced for this long is stalled. */
  stallAfterSeconds?: number;
  now?: () => number;
};

export type LagMonitor = { figures(): Promise<HubLagFigures> };

type Progress = { block: bigint | undefined; at: number };

export function createLagMonitor(options: LagMonitorOptions): LagMonitor {
  const stallAfterSeconds = options.stallAfterSeconds ?? 60;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const progress = new Map<LagComponent, Progress>();

  const track = (component: LagComponent, block: bigint | undefined, atHead: boolean): number => {
    const t = now();
    const last = progress.get(component);
    if (!last || atHead || (block !== undefined && (last.block === undefined || block > last.block))) {
      progress.set(component, { block, at: t });
      return last ? 0 : (t - startedAt) / 1000;
    }
    return (t - last.at) / 1000;
  };

  const figure = async (component: LagComponent, block: bigint | undefined, head: ChainHead | undefined, backlog?: number): Promise<ComponentLagFigures> => {
    const lagBlocks = head && block !== undefined ? Number(head.block > block ? head.block - block : 0n) : null;
    const atHead = lagBlocks === 0 && (backlog ?? 0) === 0;
    const since = track(component, block, atHead);
    let lagSeconds: number | null = null;
    if (head && block !== undefined) lagSeconds = lagBlocks === 0 ? 0 : Math.max(0, head.timestamp - (await options.probes.blockTimestamp(block).catch(() => head.timestamp)));
    const behind = lagBlocks === null || lagBlocks > 0 || (backlog ?? 0) > 0;
    return {
      component,
      block: block === undefined ? null : block.toString(),
      lagBlocks,
      lagSeconds,
      secondsSinceProgress: Math.round(since * 10) / 10,
      stalled: behind && since > stallAfterSeconds,
      ...(backlog === undefined ? {} : { backlog }),
    };
  };

  return {
    async figures() {
      let head: ChainHead | undefined;
      let chainError: string | undefined;
      try {
        head = await options.probes.chainHead();
      } catch (error) {
        chainError = error instanceof Error ? error.message.split("\n")[0] : String(error);
      }
      const [indexerBlock, sinkBlock, replay] = await Promise.all([
        options.probes.indexer().catch(() => undefined),
        options.probes.sink().catch(() => undefined),
        options.probes.replay().catch(() => undefined),
      ]);
      const components = [
        await figure("indexer", indexerBlock, head),
        await figure("sink", sinkBlock, head),
        await figure("replay", replay?.block, head, replay?.backlog),
      ];
      const notReady: string[] = [];
      if (!head) notReady.push(`chain head unknown: ${chainError ?? "no answer"}`);
      for (const c of components) {
        if (c.stalled) notReady.push(`${c.component} stalled: ${c.lagBlocks ?? "?"} blocks behind the chain head, no progress for ${Math.round(c.secondsSinceProgress)} s (bound ${stallAfterSeconds} s)`);
      }
      return {
        checkedAt: new Date(now()).toISOString(),
        chain: head ? { head: head.block.toString(), timestamp: head.timestamp } : null,
        ...(chainError ? { chainError } : {}),
        stallAfterSeconds,
        components,
        ready: notReady.length === 0,
        notReady,
      };
    },
  };
}
