// A run's progress as the event stream builds it up: its phase, the counters per artwork type, how
// each provider fared, and how it ended. Pure, so the library's rings and the movie page's view
// agree on what a stream of events means.
import type { ProgressEvent } from './events';

type Snapshot = Extract<ProgressEvent, { type: 'snapshot' }>;
type Progress = NonNullable<Snapshot['progress']>;
export type Phase = Progress['phase'];
export type TypeCounters = NonNullable<Progress['types'][keyof Progress['types']]>;
export type ProviderReport = NonNullable<Progress['providers'][keyof Progress['providers']]>;
export type Waiting = NonNullable<Progress['waiting']>;
export type TrailerState = NonNullable<Progress['trailer']>;

/** The phases in the order a run goes through them. */
export const PHASES: readonly Phase[] = [
  'scrape',
  'download',
  'cache',
  'record',
  'awaiting_review',
  'publish',
  'complete',
];

export const PHASE_LABELS: Record<Phase, string> = {
  scrape: 'Scrape',
  download: 'Download',
  cache: 'Cache',
  record: 'Record',
  awaiting_review: 'Awaiting review',
  publish: 'Publish',
  complete: 'Complete',
};

export interface LiveProgress {
  workflowId: string;
  runId: string;
  phase: Phase | null;
  /** Phases reached (passed, or the current one), in order: the view ticks them off. */
  seen: Phase[];
  types: Partial<Record<string, TypeCounters>>;
  providers: Partial<Record<string, ProviderReport>>;
  reviewDeadline: string | null;
  waiting: Waiting | null;
  /** The trailer step, when trailers are on: its state and how far its download got. */
  trailer: TrailerState | null;
  ended: null | { outcome: string; message: string | null; failed: boolean };
}

export const emptyProgress = (workflowId: string, runId: string): LiveProgress => ({
  workflowId,
  runId,
  phase: null,
  seen: [],
  types: {},
  providers: {},
  reviewDeadline: null,
  waiting: null,
  trailer: null,
  ended: null,
});

/**
 * The progress in `phase`. The phases before it are done, whether or not this client saw them (a
 * stream samples the run, so a quick phase can pass between two events); the review is the one
 * phase a run can skip, so it counts only when seen.
 */
const withPhase = (p: LiveProgress, phase: Phase): LiveProgress => {
  const passed = PHASES.slice(0, PHASES.indexOf(phase)).filter((f) => f !== 'awaiting_review');
  const seen = [...new Set([...p.seen, ...passed, phase])];
  return { ...p, phase, seen: PHASES.filter((f) => seen.includes(f)) };
};

/** The progress after `event`; an event of another run of the same movie starts afresh. */
export function applyEvent(current: LiveProgress, event: ProgressEvent): LiveProgress {
  const p = current.runId === event.runId ? current : emptyProgress(event.workflowId, event.runId);
  switch (event.type) {
    case 'snapshot': {
      if (!event.progress) return p;
      const { phase, types, providers, reviewDeadline, waiting, trailer } = event.progress;
      return {
        ...withPhase(p, phase),
        types,
        providers,
        reviewDeadline: reviewDeadline ?? null,
        waiting: waiting ?? null,
        trailer: trailer ?? null,
      };
    }
    case 'phase':
      return withPhase(p, event.phase);
    case 'counters':
      return { ...p, types: { ...p.types, [event.assetType]: event.counters } };
    case 'provider':
      return { ...p, providers: { ...p.providers, [event.provider]: event.report } };
    case 'awaiting_review':
      return { ...withPhase(p, 'awaiting_review'), reviewDeadline: event.deadline };
    case 'waiting':
      return { ...p, waiting: event.waiting };
    case 'trailer':
      return { ...p, trailer: event.trailer };
    case 'done':
      return {
        ...withPhase(p, 'complete'),
        types: event.types,
        providers: event.providers,
        ended: { outcome: event.outcome, message: event.message, failed: false },
      };
    case 'failed':
      return { ...p, ended: { outcome: event.status, message: event.reason, failed: true } };
  }
}

/** How far along the run is, 0 to 1: phases done, with the download phase counted by images. */
export function fractionDone(p: LiveProgress): number {
  if (p.ended) return 1;
  if (!p.phase) return 0;
  const steps = PHASES.filter((f) => f !== 'awaiting_review');
  if (p.phase === 'awaiting_review') return (steps.indexOf('publish') + 0) / steps.length;
  const index = steps.indexOf(p.phase);
  let within = 0;
  if (p.phase === 'download') {
    const counters = Object.values(p.types).filter((c): c is TypeCounters => Boolean(c));
    const wanted = counters.reduce((n, c) => n + Math.min(c.limit, c.candidates), 0);
    const done = counters.reduce((n, c) => n + Math.min(c.accepted, c.limit), 0);
    within = wanted > 0 ? done / wanted : 0;
  }
  return Math.min(1, (index + within) / steps.length);
}
