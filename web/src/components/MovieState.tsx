// A movie's state as one badge: what a person would want to know first about it.
import type { RunItem } from '../api/runs';
import type { LiveProgress } from '../api/progress';
import { fractionDone, PHASE_LABELS } from '../api/progress';
import { ProgressRing } from './ProgressRing';

export interface MovieFacts {
  identificationStatus: string;
  fileMissing: boolean;
}

export type StateName =
  | 'enriching'
  | 'awaiting_review'
  | 'published'
  | 'enriched'
  | 'failed'
  | 'needs_identification'
  | 'missing_file'
  | 'not_enriched';

export const STATE_LABELS: Record<StateName, string> = {
  enriching: 'Enriching',
  awaiting_review: 'Awaiting review',
  published: 'Published',
  enriched: 'Enriched',
  failed: 'Failed',
  needs_identification: 'Needs identification',
  missing_file: 'Missing file',
  not_enriched: 'Not enriched',
};

const TONE: Record<StateName, string> = {
  enriching: 'accent',
  awaiting_review: 'info',
  published: 'ok',
  enriched: 'ok',
  failed: 'danger',
  needs_identification: 'warn',
  missing_file: 'danger',
  not_enriched: '',
};

/** The one state shown: a missing file and a run in flight matter most, then the latest run. */
export function movieState(movie: MovieFacts, latest: RunItem | undefined, live: LiveProgress | undefined): StateName {
  if (movie.fileMissing) return 'missing_file';
  if (live && !live.ended && live.phase !== 'awaiting_review') return 'enriching';
  if (movie.identificationStatus === 'needs_identification') return 'needs_identification';
  if (live?.phase === 'awaiting_review') return 'awaiting_review';
  switch (latest?.enrichmentStatus) {
    case 'running':
      return latest.status === 'RUNNING' ? 'enriching' : 'failed';
    case 'awaiting_review':
      return latest.status === 'RUNNING' ? 'awaiting_review' : 'enriched';
    case 'failed':
      return 'failed';
    case 'published':
      return 'published';
  }
  if (movie.identificationStatus === 'published') return 'published';
  if (movie.identificationStatus === 'enriched') return 'enriched';
  return 'not_enriched';
}

export function StateBadge({ state, live }: { state: StateName; live?: LiveProgress }) {
  return (
    <span className={`badge state ${TONE[state]}`}>
      {state === 'enriching' && live && (
        <ProgressRing
          size={16}
          fraction={fractionDone(live)}
          label={`Enriching: ${live.phase ? PHASE_LABELS[live.phase] : 'starting'}`}
        />
      )}
      {STATE_LABELS[state]}
    </span>
  );
}
