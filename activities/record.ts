import { ApplicationFailure } from '@temporalio/activity';
import { blockedAmong, markRejected, noteFailures } from '../db/candidates.js';
import {
  lockMovie,
  markNeedsIdentification,
  refreshCompleteness,
  writeRecordedFields,
  type MovieRow,
} from '../db/movies.js';
import { inTransaction, type Queryable } from '../db/pool.js';
import { cachedMovieRow } from '../db/provider-cache.js';
import { recordedOutcome, saveRecordedOutcome } from '../db/recordings.js';
import {
  castLinks,
  CREW_LISTS,
  crewNames,
  listNames,
  NAMED_LIST_NAMES,
  syncCast,
  syncCollection,
  syncCrew,
  syncNamedList,
  upsertExternalIds,
} from '../db/relations.js';
import { FailureType } from '../domain/failures.js';
import { lockColumn } from '../domain/locks.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import { recordedValues } from '../domain/recording.js';
import type { FieldChange, RecordOutcome, TypeSelection } from '../domain/types.js';
import { dropUnselectedRefs, replaceSelection } from '../storage/selection.js';
import type { ActivityDeps } from './deps.js';
import { removeReleased } from './selection.js';
import { movieInput, recordInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

/**
 * One type's walk recorded: the new selection, duplicates rejected, failures noted; blobs it
 * released added to `released`. `movie` is read under the row lock, so what the user did while the
 * run was downloading wins: a type locked meanwhile (a pick, or a lock) keeps its rows as they are,
 * and a candidate blocked meanwhile is not selected. Their downloads' cache references go.
 */
async function recordSelection(
  tx: Queryable,
  movie: MovieRow,
  sel: TypeSelection,
  released: string[],
): Promise<boolean> {
  const movieId = movie.id as number;
  const hashes = (list: TypeSelection['accepted']) => list.map((a) => a.sha256);
  if (movie[lockColumn(sel.assetType)] === true) {
    await dropUnselectedRefs(tx, movieId, sel.assetType, hashes(sel.accepted), released);
    return false;
  }
  const blocked = new Set(
    await blockedAmong(
      tx,
      sel.accepted.map((a) => a.candidateId),
    ),
  );
  const accepted = sel.accepted.filter((a) => !blocked.has(a.candidateId));
  // With nothing accepted this run (every download failed), the previous selection stays.
  const changed =
    accepted.length > 0 && (await replaceSelection(tx, movieId, sel.assetType, accepted, 'auto', released));
  await dropUnselectedRefs(
    tx,
    movieId,
    sel.assetType,
    hashes(sel.accepted.filter((a) => blocked.has(a.candidateId))),
    released,
  );
  await markRejected(tx, movieId, sel.assetType, sel.rejected, PHASH_ALGORITHM);
  await noteFailures(tx, movieId, sel.assetType, sel.failed);
  return changed;
}

export function createRecordActivities({ pool }: ActivityDeps) {
  /**
   * In one transaction: metadata into `movies` (locks read under a row lock, so a lock set while
   * the run was downloading is honoured), lists, cast and collection, selection state, the
   * movie's references to the cached blobs, completeness.
   */
  async function recordEnrichment(raw: {
    movieId: number;
    cacheId: number;
    selections: TypeSelection[];
    runKey?: string;
  }): Promise<RecordOutcome> {
    const input = parseInput(recordInput, raw);
    const released: string[] = [];
    const outcome = await inTransaction(pool, async (tx): Promise<RecordOutcome> => {
      const movie = await lockMovie(tx, input.movieId);
      if (!movie)
        throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, FailureType.MovieNotFound);
      // A retry after a commit Temporal never heard of: what changed was already recorded, and is
      // what decides publishing; recording again would find nothing changed.
      const earlier = input.runKey ? await recordedOutcome(tx, input.runKey) : null;
      if (earlier) return earlier;
      const cache = await cachedMovieRow(tx, input.cacheId);
      if (!cache)
        throw ApplicationFailure.nonRetryable(
          `provider cache row ${input.cacheId} is gone`,
          FailureType.ProviderCacheMissing,
        );

      // Identified as another film while this run scraped the old one: its data is not this movie's.
      if (movie.tmdb_id !== null && cache.tmdb_id !== movie.tmdb_id)
        throw ApplicationFailure.nonRetryable(
          `movie ${input.movieId} is now TMDB ${movie.tmdb_id}, identified while this run scraped TMDB ${String(cache.tmdb_id)}: nothing recorded`,
          FailureType.StaleIdentity,
        );

      const { values, changed } = recordedValues(movie, cache);
      await writeRecordedFields(tx, input.movieId, values);
      // What the review shows: each changed field as it was and as it is now.
      const fieldChanges: FieldChange[] = changed.map((field) => ({
        field,
        before: (movie[field] ?? null) as FieldChange['before'],
        after: (values[field] ?? null) as FieldChange['after'],
      }));
      const syncList = async (field: string, read: () => Promise<string[]>, sync: () => Promise<boolean>) => {
        const before = await read();
        if (!(await sync())) return;
        changed.push(field);
        fieldChanges.push({ field, before, after: await read() });
      };
      const castNames = async () => (await castLinks(tx, input.movieId)).filter((a) => !a.removed).map((a) => a.name);

      // A locked list is never rewritten.
      for (const list of NAMED_LIST_NAMES)
        if (!movie[`${list}_locked`])
          await syncList(
            list,
            () => listNames(tx, input.movieId, list),
            () => syncNamedList(tx, input.movieId, input.cacheId, list),
          );
      for (const list of CREW_LISTS)
        if (!movie[`${list}_locked`])
          await syncList(
            list,
            () => crewNames(tx, input.movieId, list),
            () => syncCrew(tx, input.movieId, input.cacheId, list),
          );
      await syncList('cast', castNames, () =>
        syncCast(tx, input.movieId, input.cacheId, movie.actors_order_locked === true),
      );
      const joinedSet = await syncCollection(tx, input.movieId, input.cacheId);
      if (joinedSet !== null) {
        changed.push('set');
        fieldChanges.push({ field: 'set', before: null, after: joinedSet });
      }
      await upsertExternalIds(tx, input.movieId, cache.external_ids as Record<string, string | null>);

      let assetsChanged = false;
      for (const sel of input.selections) if (await recordSelection(tx, movie, sel, released)) assetsChanged = true;

      const score = await refreshCompleteness(tx, input.movieId);
      const recorded = {
        completenessPct: score.pct,
        missing: score.missing,
        changedFields: changed,
        fieldChanges,
        assetsChanged,
      };
      if (input.runKey) await saveRecordedOutcome(tx, input.runKey, input.movieId, recorded);
      return recorded;
    });
    await removeReleased(pool, released);
    return outcome;
  }

  /** No confident match: the user identifies the movie. Nothing else is written. */
  async function markNeedsIdentificationActivity(raw: { movieId: number }): Promise<void> {
    const input = parseInput(movieInput, raw);
    await markNeedsIdentification(pool, input.movieId);
  }

  return { recordEnrichment, markNeedsIdentification: markNeedsIdentificationActivity };
}
