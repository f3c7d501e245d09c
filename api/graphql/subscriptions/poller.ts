/**
 * A subscription served by polling: from a starting cursor, one bounded read per round, each
 * item pushed as an event, then a pause (none while a full page came back). The poller lives as
 * long as its client: when the client disconnects yoga returns the iterator, which stops the
 * Repeater, ends the pause and exits the loop. The open pollers are bounded per process and
 * counted in `hub_graphql_subscriptions_active`, so a leak shows.
 */
import { Repeater } from "graphql-yoga";
import { Gauge } from "prom-client";
import { componentLogger } from "../../../core/logger.js";
import { hubRegistry } from "../../../core/metrics/index.js";
import { ServiceUnavailableError } from "../errors.js";

/** Pause between reads that found less than a page. */
export const SUBSCRIPTION_POLL_MS = 1_000;
/** Items read per round at most (the rest come in the next rounds, without pause). */
export const SUBSCRIPTION_PAGE = 100;
/** Open subscriptions one process serves; more are refused with SERVICE_UNAVAILABLE. */
export const MAX_SUBSCRIPTIONS = 200;
/** Consecutive failed reads (a database restarting) before the subscription ends with the error. */
const MAX_FAILED_ROUNDS = 5;

const log = componentLogger("graphql-subscriptions");
const GAUGE = "hub_graphql_subscriptions_active";
const active =
  (hubRegistry.getSingleMetric(GAUGE) as Gauge<"subscription"> | undefined) ??
  new Gauge({ name: GAUGE, help: "GraphQL subscriptions open (one poller each), by field", labelNames: ["subscription"], registers: [hubRegistry] });
let open = 0;

export type PollRound<C, T> = { items: T[]; next: C };

export type PollerParameters<C, T> = {
  /** The field, for the gauge and logs. */
  name: string;
  /** Where the subscription starts (what exists now is not delivered). */
  start(): Promise<C>;
  /** One bounded read after `cursor`; `items.length >= SUBSCRIPTION_PAGE` means more are waiting. */
  poll(cursor: C): Promise<PollRound<C, T>>;
  intervalMs?: number;
};

export function pollingSubscription<C, T>(p: PollerParameters<C, T>): AsyncIterable<T> {
  if (open >= MAX_SUBSCRIPTIONS) {
    throw new ServiceUnavailableError(`this API process serves ${MAX_SUBSCRIPTIONS} subscriptions already`, { hint: "retry later, or subscribe on another API replica" });
  }
  const intervalMs = p.intervalMs ?? SUBSCRIPTION_POLL_MS;
  // Counted from the first read: an iterator returned before it never runs this executor.
  return new Repeater<T>(async (push, stop) => {
    open++;
    active.inc({ subscription: p.name });
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    try {
      let cursor: C = (await p.start()) as C;
      let failures = 0;
      while (!stopped) {
        let full = false;
        try {
          const round = await p.poll(cursor);
          failures = 0;
          cursor = round.next;
          full = round.items.length >= SUBSCRIPTION_PAGE;
          for (const item of round.items) {
            if (stopped) break;
            await push(item);
          }
        } catch (error) {
          if (++failures >= MAX_FAILED_ROUNDS) throw error;
          log.warn({ err: error, subscription: p.name, failures }, "a subscription's read failed; it retries");
        }
        if (stopped || full) continue;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, intervalMs))), stop]);
        clearTimeout(timer);
      }
    } catch (error) {
      stop(error);
    } finally {
      open--;
      active.dec({ subscription: p.name });
    }
  });
}
