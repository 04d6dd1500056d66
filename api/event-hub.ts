// Live progress for the SSE routes. One watcher per enrichment run in this API process, however
// many clients listen: it asks the run's `progress` query at a modest interval only while someone
// listens (a query adds nothing to the run's history), turns successive answers into events, and
// fans them out. One long-poll on the run's result tells it the run ended. The all-runs feed finds
// runs through one shared visibility list and follows each through the same watchers, less often.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { diffProgress, doneEvent, isEndEvent, type ProgressEvent, type RunRef } from '../domain/progress-events.js';
import { EnrichmentStatusKey, MovieIdKey } from '../domain/search-attributes.js';
import type { EnrichmentProgress, EnrichmentResult } from '../domain/types.js';
import { enrichMovie, progressQuery } from '../workflows/index.js';
import { withHeartbeats } from './heartbeat-progress.js';
import { describeFailure } from './workflow-status.js';

/** How often a run is queried while someone follows that run itself. */
const QUERY_INTERVAL_MS = 1000;
/** While only the all-runs feed follows it: a bulk run has hundreds in flight, each a query per tick. */
const FEED_QUERY_INTERVAL_MS = 5000;
/** Runs still going the feed follows at once, the most recently started first. */
export const FEED_MAX_RUNS = 200;
const LIST_INTERVAL_MS = 1500;
/** A query needs a worker: with none polling, the tick passes without news. */
const QUERY_DEADLINE_MS = 3000;
/** Events kept per run, and for the feed, for clients that reconnect with Last-Event-ID. */
const RUN_BUFFER = 500;
const FEED_BUFFER = 2000;
/** A watcher nobody listens to stops querying at once; its buffer stays this long for reconnects. */
const LINGER_MS = 60_000;
/** Visibility lags a little behind a run's close: the feed's "closed since" looks back this far more. */
const VISIBILITY_LAG_MS = 3000;
/** A client this far behind is dropped; it reconnects with Last-Event-ID like after any disconnect. */
const SUBSCRIBER_QUEUE_MAX = 1000;

export interface StreamEvent {
  id: string;
  event: ProgressEvent;
}

interface Sink {
  push(item: StreamEvent): void;
}

/** Who listens through a sink: a client of the run's own stream, or the all-runs feed. */
type Listener = 'run' | 'feed';

let epochs = 0;
/** Sequence numbers restart with each watcher: ids carry which watcher numbered them. */
const newEpoch = () => `${Date.now().toString(36)}${(++epochs).toString(36)}`;

const RUN_ID = /^([^:]+):(?:end|([a-z0-9]+)-(\d+))$/;
const FEED_ID = /^feed:([a-z0-9]+)-(\d+)$/;

/** Events for one SSE response, queued until its writer takes them. */
export class Subscription implements Sink {
  private readonly queue: StreamEvent[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  constructor(private readonly onClose: () => void) {}

  push(item: StreamEvent): void {
    if (this.closed) return;
    if (this.queue.length >= SUBSCRIBER_QUEUE_MAX) return this.close();
    this.queue.push(item);
    this.wake?.();
  }

  /** The next event; undefined when none came within `ms`, or once closed. */
  async next(ms: number): Promise<StreamEvent | undefined> {
    if (this.queue.length === 0 && !this.closed)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    this.wake = undefined;
    return this.queue.shift();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose();
  }
}

/** Calls the hub made to Temporal, for the load it puts there (tests and benchmarks read them). */
export interface HubCounters {
  queries: number;
  describes: number;
  lists: number;
  resultPolls: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/** One run's watcher: its state, its numbered events, and who listens. */
class RunWatcher {
  private readonly epoch = newEpoch();
  private seq = 0;
  private readonly buffer: { seq: number; item: StreamEvent }[] = [];
  private readonly sinks = new Map<Sink, Listener>();
  /** The loop's wake-ups since the last query. */
  private beats = 0;
  private progress: EnrichmentProgress | null = null;
  private status = 'RUNNING';
  private end: StreamEvent | undefined;
  /** How the run ended, once its result poll saw it. */
  private closed: { ok: true; result: EnrichmentResult } | { ok: false; err: Error } | undefined;
  private finishing: Promise<void> | undefined;
  /** Set while querying; aborting it stops the loop and the result long-poll. */
  private active: AbortController | undefined;
  /** The query asked now, which every caller wanting fresh state shares. */
  private ticking: Promise<void> | undefined;
  private tickedAt = 0;
  private linger: NodeJS.Timeout | undefined;

  constructor(
    private readonly hub: EventHub,
    readonly ref: RunRef,
  ) {}

  /** Querying, and its run not seen to end: whoever asks for this run can join it as it is. */
  get live(): boolean {
    return this.active !== undefined && this.closed === undefined && this.finishing === undefined;
  }

  get ended(): boolean {
    return this.end !== undefined;
  }

  private get interval(): number {
    for (const listener of this.sinks.values()) if (listener === 'run') return QUERY_INTERVAL_MS;
    return FEED_QUERY_INTERVAL_MS;
  }

  private get handle() {
    return this.hub.client.workflow.getHandle(this.ref.workflowId, this.ref.runId, { followRuns: false });
  }

  /**
   * Brings the state up to date for a listener about to attach: a query (unless one answered within
   * the short interval), or the end of a closed run. Nothing keeps running if no listener comes:
   * the query loop and the result poll start with the first attached listener.
   */
  prepare(status: string): Promise<void> {
    clearTimeout(this.linger);
    if (this.end) return Promise.resolve();
    if (status !== 'RUNNING') return this.finish();
    if (this.active && !this.ticking && Date.now() - this.tickedAt < QUERY_INTERVAL_MS) return Promise.resolve();
    return this.tick();
  }

  /** Re-arms the linger of a watcher prepared for a listener that did not attach after all. */
  release(): void {
    if (this.sinks.size === 0) this.stop();
  }

  private start(): void {
    const active = new AbortController();
    this.active = active;
    this.hub.counters.resultPolls++;
    void this.hub.client
      .withAbortSignal(active.signal, () => this.handle.result())
      .then(
        (result: EnrichmentResult) => (this.closed = { ok: true, result }),
        (err: Error) => {
          if (!active.signal.aborted) this.closed = { ok: false, err };
        },
      )
      .then(() => this.closed && this.finish())
      .catch((err: Error) => console.error(`[api] events: ${this.ref.workflowId}: ${err.message}`));
    void this.loop(active.signal);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Woken at the short interval, so a client of the run joining a feed-only watcher waits no longer.
      await sleep(QUERY_INTERVAL_MS, signal);
      if (signal.aborted || this.end) return;
      // A close whose end event could not be made yet (Temporal briefly away) is retried here.
      if (this.closed) await this.finish().catch(() => undefined);
      else if (++this.beats * QUERY_INTERVAL_MS >= this.interval) await this.tick();
    }
  }

  private tick(): Promise<void> {
    this.ticking ??= (async () => {
      this.beats = 0;
      this.hub.counters.queries++;
      const client = this.hub.client;
      const handle = this.handle;
      const progress = await client
        .withDeadline(Date.now() + QUERY_DEADLINE_MS, async () =>
          withHeartbeats(client, await handle.query(progressQuery), () => handle.describe()),
        )
        .catch(() => null);
      this.tickedAt = Date.now();
      if (progress && !this.end) this.apply(progress);
    })().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private apply(next: EnrichmentProgress): void {
    this.emit(diffProgress(this.ref, this.progress, next));
    this.progress = next;
  }

  private emit(events: ProgressEvent[]): void {
    for (const event of events) {
      const item = { id: `${this.ref.runId}:${this.epoch}-${++this.seq}`, event };
      this.buffer.push({ seq: this.seq, item });
      if (this.buffer.length > RUN_BUFFER) this.buffer.shift();
      for (const sink of this.sinks.keys()) sink.push(item);
    }
  }

  /** The end event of a closed run, from its result or failure (asked for here when the poll did not see it). */
  private finish(): Promise<void> {
    this.finishing ??= (async () => {
      const handle = this.handle;
      this.hub.counters.describes++;
      const [description, settled] = await Promise.all([
        handle.describe(),
        this.closed ??
          handle.result().then(
            (result: EnrichmentResult) => ({ ok: true as const, result }),
            (err: Error) => ({ ok: false as const, err }),
          ),
      ]);
      this.status = description.status.name;
      let event: ProgressEvent;
      if (settled.ok) {
        const { result } = settled;
        // The last counters and provider states, then `complete`, before the end itself.
        if (this.progress)
          this.apply({ ...this.progress, phase: 'complete', providers: result.providers, types: result.types });
        event = doneEvent(this.ref, result, description.typedSearchAttributes.get(EnrichmentStatusKey));
      } else {
        const failure = describeFailure(settled.err);
        event = {
          type: 'failed',
          ...this.ref,
          status: this.status,
          reason: failure.message,
          failureType: failure.type,
        };
      }
      this.end = { id: `${this.ref.runId}:end`, event };
      for (const sink of this.sinks.keys()) sink.push(this.end);
      this.stop();
    })();
    this.finishing.catch(() => (this.finishing = undefined));
    return this.finishing;
  }

  /** The current state, numbered as of the last event. */
  snapshot(id = `${this.ref.runId}:${this.epoch}-${this.seq}`): StreamEvent {
    return { id, event: { type: 'snapshot', ...this.ref, status: this.status, progress: this.progress } };
  }

  /**
   * The events a new listener starts with (a replay after its Last-Event-ID when this watcher still
   * holds it, else the current snapshot; the end event when the run is over), and it is attached.
   * 'has_end': the Last-Event-ID is this run's end event.
   */
  attach(sink: Sink, listener: Listener, lastEventId: string | undefined): StreamEvent[] | 'has_end' {
    // A run over takes no listener: the linger that prepare() held off starts again.
    if (this.end) this.release();
    const last = lastEventId === undefined ? null : RUN_ID.exec(lastEventId);
    const mine = last?.[1] === this.ref.runId;
    if (mine && last?.[2] === undefined && this.end) return 'has_end';
    const after = Number(last?.[3]);
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    const replay = mine && last?.[2] === this.epoch && after >= oldest - 1 && after <= this.seq;
    const initial = replay ? this.buffer.filter((b) => b.seq > after).map((b) => b.item) : [this.snapshot()];
    if (this.end) return [...initial, this.end];
    clearTimeout(this.linger);
    this.sinks.set(sink, listener);
    if (!this.active) this.start();
    return initial;
  }

  detach(sink: Sink): void {
    if (this.sinks.delete(sink)) this.release();
  }

  /** No more queries; the buffer stays for reconnects for a while, then the hub forgets the watcher. */
  private stop(): void {
    this.active?.abort();
    this.active = undefined;
    clearTimeout(this.linger);
    this.linger = setTimeout(() => {
      if (this.sinks.size === 0) this.hub.forget(this);
    }, LINGER_MS);
    this.linger.unref();
  }
}

/** The all-runs feed: one visibility list every LIST_INTERVAL_MS while anyone listens. */
class Feed {
  private epoch = newEpoch();
  private seq = 0;
  private buffer: { seq: number; item: StreamEvent }[] = [];
  private readonly subscribers = new Set<Subscription>();
  /** The run followed per workflow, with the sink that forwards its events here. */
  private readonly runs = new Map<string, { watcher: RunWatcher; sink: Sink }>();
  /** Runs whose end was forwarded, with when: a list that still shows them is not followed again. */
  private readonly ended = new Map<string, number>();
  private active: AbortController | undefined;
  /** Runs closed since this are listed too, so a run that ends between two lists still gets its end event. */
  private since = new Date();

  constructor(private readonly hub: EventHub) {}

  attach(sub: Subscription, lastEventId: string | undefined): StreamEvent[] {
    const last = lastEventId === undefined ? null : FEED_ID.exec(lastEventId);
    const after = Number(last?.[2]);
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    const replay = last?.[1] === this.epoch && after >= oldest - 1 && after <= this.seq;
    this.subscribers.add(sub);
    if (!this.active) this.start();
    if (replay) return this.buffer.filter((b) => b.seq > after).map((b) => b.item);
    const id = `feed:${this.epoch}-${this.seq}`;
    return [...this.runs.values()].map(({ watcher }) => watcher.snapshot(id));
  }

  detach(sub: Subscription): void {
    if (!this.subscribers.delete(sub) || this.subscribers.size > 0) return;
    this.active?.abort();
    this.active = undefined;
    for (const { watcher, sink } of this.runs.values()) watcher.detach(sink);
    this.runs.clear();
    // What happens from now on is not seen: a reconnect after this gets snapshots, not a replay.
    this.epoch = newEpoch();
    this.seq = 0;
    this.buffer = [];
  }

  private start(): void {
    const active = new AbortController();
    this.active = active;
    this.since = new Date(Math.max(this.since.getTime(), Date.now() - LINGER_MS));
    void (async () => {
      while (!active.signal.aborted) {
        await this.list(active.signal).catch((err: Error) => console.error(`[api] events: list: ${err.message}`));
        await sleep(LIST_INTERVAL_MS, active.signal);
      }
    })();
  }

  private async list(signal: AbortSignal): Promise<void> {
    const listedAt = Date.now();
    const query =
      `WorkflowType = "${enrichMovie.name}" AND TaskQueue = "${this.hub.taskQueue}" AND ` +
      `(ExecutionStatus = "Running" OR CloseTime > "${new Date(this.since.getTime() - VISIBILITY_LAG_MS).toISOString()}")`;
    this.hub.counters.lists++;
    const found: { workflowId: string; runId: string; running: boolean; startTime: Date }[] = [];
    for await (const run of this.hub.client.workflow.list({ query })) {
      if (!this.runs.has(run.workflowId) && !this.ended.has(run.runId))
        found.push({
          workflowId: run.workflowId,
          runId: run.runId,
          running: run.status.name === 'RUNNING',
          startTime: run.startTime,
        });
    }
    found.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    for (const run of found) {
      if (signal.aborted) return;
      // A closed run is over at once (its snapshot and end) and holds no place among those followed.
      if (run.running && this.runs.size >= FEED_MAX_RUNS) continue;
      await this.follow(run.workflowId, run.runId);
    }
    this.since = new Date(listedAt);
    for (const [runId, at] of this.ended) if (at < listedAt - LINGER_MS) this.ended.delete(runId);
  }

  private async follow(workflowId: string, runId: string): Promise<void> {
    const watcher = await this.hub.watcher(workflowId, runId);
    if (!watcher) return;
    // The feed stopped, or took up this workflow's run, while the watcher was brought up to date.
    if (this.ended.has(runId) || this.runs.has(workflowId) || !this.active) return watcher.release();
    const sink: Sink = {
      push: (item) => {
        this.forward(item);
        if (isEndEvent(item.event)) {
          this.ended.set(runId, Date.now());
          this.runs.delete(workflowId);
          watcher.detach(sink);
        }
      },
    };
    const initial = watcher.attach(sink, 'feed', undefined);
    if (initial === 'has_end') return;
    this.runs.set(workflowId, { watcher, sink });
    for (const item of initial) sink.push(item);
  }

  private forward({ event }: StreamEvent): void {
    const item = { id: `feed:${this.epoch}-${++this.seq}`, event };
    this.buffer.push({ seq: this.seq, item });
    if (this.buffer.length > FEED_BUFFER) this.buffer.shift();
    for (const sub of this.subscribers) sub.push(item);
  }
}

export class EventHub {
  readonly counters: HubCounters = { queries: 0, describes: 0, lists: 0, resultPolls: 0 };
  /** By run id: a workflow's new run gets its own watcher while the old one's delivers its end. */
  private readonly watchers = new Map<string, RunWatcher>();
  private readonly lookups = new Map<string, Promise<RunWatcher | undefined>>();
  private readonly feed = new Feed(this);

  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  /**
   * The watcher of the run `runId` of the workflow, else of its latest run, brought up to date for a
   * listener to attach at once (or release); undefined when there is no such enrichment run.
   */
  watcher(workflowId: string, runId: string | undefined): Promise<RunWatcher | undefined> {
    const known = runId === undefined ? undefined : this.watchers.get(runId);
    // Queried and not seen to end (still going), or its end known: nothing to ask Temporal. Without a
    // run id the latest run is always asked for: a watcher may not have seen its run end yet.
    if (known?.ref.workflowId === workflowId && (known.live || known.ended))
      return known.prepare('RUNNING').then(() => known);
    const key = `${workflowId}\n${runId ?? ''}`;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = this.lookUp(workflowId, runId).finally(() => this.lookups.delete(key));
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  private async lookUp(workflowId: string, runId: string | undefined): Promise<RunWatcher | undefined> {
    let description;
    try {
      this.counters.describes++;
      description = await this.client.workflow.getHandle(workflowId, runId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
    if (description.type !== enrichMovie.name) return undefined;
    let watcher = this.watchers.get(description.runId);
    if (!watcher) {
      const movieId = description.typedSearchAttributes.get(MovieIdKey) ?? null;
      watcher = new RunWatcher(this, { workflowId, runId: description.runId, movieId });
      this.watchers.set(description.runId, watcher);
    }
    await watcher.prepare(description.status.name);
    return watcher;
  }

  forget(watcher: RunWatcher): void {
    if (this.watchers.get(watcher.ref.runId) === watcher) this.watchers.delete(watcher.ref.runId);
  }

  /**
   * A listener to one run (`runId`, else the workflow's latest): the events to send first and its
   * subscription, 'not_found' for no such enrichment run, 'has_end' when Last-Event-ID is the run's
   * end event.
   */
  async subscribeRun(
    workflowId: string,
    runId: string | undefined,
    lastEventId: string | undefined,
  ): Promise<'not_found' | 'has_end' | { initial: StreamEvent[]; subscription: Subscription }> {
    const watcher = await this.watcher(workflowId, runId);
    if (!watcher) return 'not_found';
    const subscription = new Subscription(() => watcher.detach(subscription));
    const initial = watcher.attach(subscription, 'run', lastEventId);
    if (initial === 'has_end') return 'has_end';
    return { initial, subscription };
  }

  /** A listener to every enrichment run of this task queue. */
  subscribeAll(lastEventId: string | undefined): { initial: StreamEvent[]; subscription: Subscription } {
    const subscription = new Subscription(() => this.feed.detach(subscription));
    return { initial: this.feed.attach(subscription, lastEventId), subscription };
  }
}

const hubs = new WeakMap<Client, EventHub>();

/** The hub of this API process: one per Temporal client, so every router shares its watchers. */
export function eventHub(client: Client, taskQueue: string): EventHub {
  let hub = hubs.get(client);
  if (!hub) hubs.set(client, (hub = new EventHub(client, taskQueue)));
  return hub;
}
