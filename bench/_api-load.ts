/**
 * Drives one audit question at an API with autocannon: N connections, each asking the question
 * again and again for a new id. A question is a chain of GraphQL requests (one for the
 * provenance API; as many as Ponder's generated API needs, e.g. one per page): each step builds
 * its body from the connection's context and reads its answer, and says when the question is
 * answered, so the time from the first request to the last answer is the question's latency.
 */
import autocannon from "autocannon";

export type QuestionState = {
  /** The id this question is about (model, inference, address, …). */
  id: string;
  /** What earlier steps learned (a cursor, a list of ids). */
  carry: Record<string, unknown>;
  startedMs: number;
  done: boolean;
  /** Requests this question has sent so far. */
  sent: number;
};

export type Step = {
  /** GET steps send no body; `path` (with query string) overrides the URL's path. */
  method?: "GET" | "POST";
  path?(state: QuestionState): string;
  body(state: QuestionState): string;
  /** Reads the answer: returns false when it is not a correct answer, sets state.done when the question is answered. */
  read(answer: unknown, state: QuestionState): boolean;
};

/**
 * `figures`: the answer's key figures (counts, sums, ids) from the JSON bodies of its requests,
 * so bench/api.ts can check both APIs answer the same before timing them.
 */
export type Question = { name: string; steps: Step[]; ids: readonly string[]; figures(answers: unknown[], state: QuestionState): Record<string, string> };

export type Kind = "point" | "lineage" | "analytics";

/** What the questions are asked about, sampled once from the indexed chain. */
export type BenchIds = { inferences: string[]; accounts: string[]; datanets: string[]; models: string[]; proposals: string[]; rewardPages: number; sharePages: number; inferencePages: number; range: { from: number; to: number } };

export type LoadResult = {
  questions: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  requestsPerQuestion: number;
  failures: number;
  /**
   * Questions in flight when the run ended (about one per connection). They count in the
   * percentiles with the time they had waited by then, a lower bound, rather than being dropped
   * (dropping them would keep only the questions fast enough to finish).
   */
  unfinished: number;
  /** The p99 landed on a question still in flight at the end: the true p99 is at least this. */
  p99IsLowerBound: boolean;
  /** What the first failed answer said (status and the start of its body). */
  firstFailure?: string;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function loadQuestion(options: { url: string; question: Question; connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const { question } = options;
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let requests = 0;
  const inFlight = new Set<QuestionState>();
  let next = 0;
  const steps: autocannon.Request[] = question.steps.map((step, index) => ({
    method: step.method ?? "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...options.headers },
    setupRequest(request, context) {
      const state = context as QuestionState;
      if (index === 0) {
        state.id = question.ids[next++ % question.ids.length]!;
        state.carry = {};
        state.done = false;
        state.sent = 0;
        state.startedMs = performance.now();
        inFlight.add(state);
      } else if (state.done) {
        return undefined as unknown as autocannon.Request; // autocannon starts the chain again
      }
      const path = step.path?.(state);
      return step.method === "GET" ? { ...request, ...(path ? { path } : {}) } : { ...request, ...(path ? { path } : {}), body: step.body(state) };
    },
    onResponse(status, body, context) {
      const state = context as QuestionState;
      state.sent++;
      let ok = status === 200;
      try {
        ok = step.read(JSON.parse(body), state) && ok;
      } catch {
        ok = false;
      }
      if (!ok) {
        failures++;
        firstFailure ??= `${status} ${body.slice(0, 300)}`;
        state.done = true;
      }
      if (index === question.steps.length - 1) state.done = true;
      // Only questions answered within the run count, with their own requests: a run that
      // ends mid-question would otherwise inflate requests per question.
      if (state.done) {
        inFlight.delete(state);
        latencies.push(performance.now() - state.startedMs);
        requests += state.sent;
      }
    },
  }));
  const startedMs = performance.now();
  await autocannon({ url: options.url, connections: options.connections, duration: options.seconds, timeout: 60, requests: steps, initialContext: {} });
  const endedMs = performance.now();
  const seconds = (endedMs - startedMs) / 1000;
  const answered = latencies.length;
  const censored = [...inFlight].map((s) => endedMs - s.startedMs);
  await drain(options.url);
  const all = [...latencies.map((ms) => ({ ms, open: false })), ...censored.map((ms) => ({ ms, open: true }))].sort((a, b) => a.ms - b.ms);
  const p99 = all[Math.min(all.length - 1, Math.floor(0.99 * all.length))];
  return {
    questions: answered,
    perSecond: answered / seconds,
    p50Ms: percentile(all.map((x) => x.ms), 50),
    p99Ms: p99?.ms ?? Number.NaN,
    p99IsLowerBound: p99?.open ?? false,
    requests,
    requestsPerQuestion: answered ? requests / answered : Number.NaN,
    failures,
    unfinished: censored.length,
    firstFailure,
  };
}

/**
 * Waits for the requests autocannon left in flight at the end of a run: the server still
 * answers them after the sockets close, and the next run would otherwise start against that
 * backlog. One trivial query queues behind them.
 */
async function drain(url: string): Promise<void> {
  await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 250));
}

/**
 * Asks one question once, step by step as autocannon would (outside the timed runs), and
 * returns its key figures and how many requests it took.
 */
export async function askOnce(url: string, question: Question, id: string): Promise<{ figures: Record<string, string>; requests: number }> {
  const state: QuestionState = { id, carry: {}, startedMs: performance.now(), done: false, sent: 0 };
  const answers: unknown[] = [];
  const base = new URL(url);
  for (const step of question.steps) {
    if (state.done) break;
    const path = step.path?.(state);
    const target = path ? new URL(path, base.origin).href : url;
    const res = await fetch(target, step.method === "GET" ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: step.body(state) });
    const text = await res.text();
    state.sent++;
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (res.status !== 200 || !step.read(answer, state)) throw new Error(`${question.name} (${id}) at ${target}: ${res.status} ${text.slice(0, 500)}`);
    answers.push(answer);
  }
  return { figures: question.figures(answers, state), requests: state.sent };
}

/** One GraphQL request as a step; `read` checks the answer has no errors before looking at data. */
export function graphqlStep(query: string, variables: (state: QuestionState) => Record<string, unknown>, read: (data: Record<string, unknown>, state: QuestionState) => boolean = () => true): Step {
  return {
    body: (state) => JSON.stringify({ query, variables: variables(state) }),
    read(answer, state) {
      const { data, errors } = answer as { data?: Record<string, unknown>; errors?: unknown[] };
      if (errors?.length || !data) return false;
      return read(data, state);
    },
  };
}
