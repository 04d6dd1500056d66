// What a run's long activities have done so far. The workflow learns the artwork walk's counters
// when the walk ends, and knows which trailer it downloads but not the bytes: both are in the
// activities' heartbeats, which Temporal's description of the run carries. The API adds them to
// the run's progress wherever it shows it.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { ArtworkWalkHeartbeat } from '../activities/artwork-walk.js';
import type { TrailerHeartbeat } from '../activities/trailers.js';
import type { EnrichmentProgress } from '../domain/types.js';

type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;

/** A heartbeat's first detail, through the client's codecs (last applied, first undone) and converter. */
async function decode<T>(client: Client, payload: Payload): Promise<T | undefined> {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let decoded = payload;
  for (const codec of [...payloadCodecs].reverse()) [decoded] = (await codec.decode([decoded])) as [Payload];
  return payloadConverter.fromPayload<T | undefined>(decoded);
}

/** The latest heartbeat of the run's pending activity of this type, if it sent one. */
async function heartbeatOf<T>(client: Client, description: Description, activityType: string): Promise<T | undefined> {
  const pending = description.raw.pendingActivities?.find((a) => a.activityType?.name === activityType);
  const payloads = pending?.heartbeatDetails?.payloads;
  if (!payloads?.length) return undefined;
  return decode<T>(client, payloads[0] as Payload).catch(() => undefined);
}

/** The progress with the artwork walk's and the trailer download's heartbeats, while they run. */
export async function withHeartbeats(
  client: Client,
  progress: EnrichmentProgress,
  describe: () => Promise<Description>,
): Promise<EnrichmentProgress> {
  const walking = progress.phase === 'download';
  const trailing = progress.trailer?.status === 'downloading';
  if (!walking && !trailing) return progress;
  const description = await describe();
  const walked = walking ? withArtworkWalk(client, progress, description) : progress;
  return trailing ? withTrailerDownload(client, await walked, description) : walked;
}

/** Each type's counters so far, while the one activity that walks them runs. */
async function withArtworkWalk(
  client: Client,
  progress: EnrichmentProgress,
  description: Description,
): Promise<EnrichmentProgress> {
  const beat = await heartbeatOf<ArtworkWalkHeartbeat>(client, description, 'walkArtwork');
  if (!beat || typeof beat.types !== 'object' || beat.types === null) return progress;
  return { ...progress, types: { ...progress.types, ...beat.types } };
}

/** The trailer download's bytes and percentage. */
async function withTrailerDownload(
  client: Client,
  progress: EnrichmentProgress,
  description: Description,
): Promise<EnrichmentProgress> {
  const beat = await heartbeatOf<TrailerHeartbeat>(client, description, 'downloadTrailer');
  if (!beat || typeof beat.downloadedBytes !== 'number' || !progress.trailer) return progress;
  const total = typeof beat.totalBytes === 'number' && beat.totalBytes > 0 ? beat.totalBytes : null;
  const speed = typeof beat.speed === 'number' && beat.speed > 0 ? Math.round(beat.speed) : null;
  return {
    ...progress,
    trailer: {
      ...progress.trailer,
      download: {
        downloadedBytes: beat.downloadedBytes,
        totalBytes: total,
        percent: total ? Math.min(100, Math.round((beat.downloadedBytes / total) * 1000) / 10) : null,
        speed,
        etaSeconds: total && speed ? Math.max(0, Math.round((total - beat.downloadedBytes) / speed)) : null,
      },
    },
  };
}
