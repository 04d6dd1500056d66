// How far a run's trailer download got. The workflow knows which candidate it downloads, not the
// bytes: those are in the download activity's heartbeat, which Temporal's description of the run
// carries. The API adds them to the run's progress wherever it shows it.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TrailerHeartbeat } from '../activities/trailers.js';
import type { EnrichmentProgress } from '../domain/types.js';

type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;

/** A heartbeat's first detail, through the client's codecs (last applied, first undone) and converter. */
async function decode(client: Client, payload: Payload): Promise<TrailerHeartbeat | undefined> {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let decoded = payload;
  for (const codec of [...payloadCodecs].reverse()) [decoded] = (await codec.decode([decoded])) as [Payload];
  return payloadConverter.fromPayload<TrailerHeartbeat | undefined>(decoded);
}

/** The progress with the trailer download's bytes and percentage, while one is under way. */
export async function withTrailerDownload(
  client: Client,
  progress: EnrichmentProgress,
  describe: () => Promise<Description>,
): Promise<EnrichmentProgress> {
  if (progress.trailer?.status !== 'downloading') return progress;
  const pending = (await describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'downloadTrailer');
  const payloads = pending?.heartbeatDetails?.payloads;
  if (!payloads?.length) return progress;
  const beat = await decode(client, payloads[0] as Payload).catch(() => undefined);
  if (!beat || typeof beat.downloadedBytes !== 'number') return progress;
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
