// What an operator watches: failed enrichments and their retries, the bulk runs, webhook events,
// and the settings every next enrichment uses.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, data, type Schemas } from './client';
import { latestPerMovie } from './runs';

export type Settings = Schemas['Settings'];
export type SettingsPatch = Schemas['SettingsPatch'];
export type BulkRun = Schemas['BulkRun'];

/** Failed runs that are still each movie's latest (a retried one that went well drops out). */
export function useFailedRuns() {
  return useQuery({
    queryKey: ['enrichments', 'failed'],
    queryFn: async () => {
      const [failed, all] = await Promise.all([
        data(api.GET('/api/enrichments', { params: { query: { status: 'failed', limit: 200 } } })),
        data(api.GET('/api/enrichments', { params: { query: { limit: 1000 } } })),
      ]);
      const latest = latestPerMovie(all.items);
      return failed.items.filter((f) => f.movieId !== null && latest.get(f.movieId)?.runId === f.runId);
    },
    refetchInterval: 10_000,
  });
}

/** One run's view: its failure's message and type. */
export function useRunView(workflowId: string) {
  return useQuery({
    queryKey: ['enrichments', 'view', workflowId],
    queryFn: () => data(api.GET('/api/enrichments/{workflowId}', { params: { path: { workflowId } } })),
  });
}

export function useRetry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (workflowIds: string[]) => retryEach(workflowIds),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['enrichments'] }),
  });
}

/** Retries one after another; a refusal for being too many in flight stops there, the rest untouched. */
async function retryEach(
  workflowIds: string[],
): Promise<{ retried: string[]; refused: { workflowId: string; reason: string }[] }> {
  const retried: string[] = [];
  const refused: { workflowId: string; reason: string }[] = [];
  for (const workflowId of workflowIds) {
    try {
      await data(api.POST('/api/enrichments/{workflowId}/retry', { params: { path: { workflowId } } }));
      retried.push(workflowId);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      refused.push({ workflowId, reason: err.message });
      if (err.status === 429 || err.status === 503) break;
    }
  }
  return { retried, refused };
}

export function useBulkRuns() {
  return useQuery({
    queryKey: ['bulk'],
    queryFn: () => data(api.GET('/api/enrich/bulk', { params: { query: { limit: 5 } } })),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'RUNNING') ? 2_000 : 15_000),
  });
}

export function useBulkActions() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['bulk'] });
  const start = useMutation({
    mutationFn: (body: { status?: 'failed' }) => data(api.POST('/api/enrich/bulk', { body })),
    onSettled: refresh,
  });
  const cancel = useMutation({
    mutationFn: (id: number) => data(api.DELETE('/api/enrich/bulk/{id}', { params: { path: { id: String(id) } } })),
    onSettled: refresh,
  });
  return { start, cancel };
}

export function useWebhookEvents() {
  return useQuery({
    queryKey: ['webhook-events'],
    queryFn: () => data(api.GET('/api/webhooks/events', { params: { query: { limit: '20' } } })),
    refetchInterval: 15_000,
  });
}

export function useSettings() {
  return useQuery({ queryKey: ['settings'], queryFn: () => data(api.GET('/api/settings')) });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsPatch) => data(api.PATCH('/api/settings', { body })),
    onSuccess: (settings) => queryClient.setQueryData(['settings'], settings),
  });
}
