// Settings at run time: the values in force and where each comes from; a change or reset applies
// from the next enrichment on, without a restart, and a changed refresh interval reschedules the
// scheduled refresh at once.
import { createRoute } from '@hono/zod-openapi';
import { inTransaction } from '../../db/pool.js';
import { readSettings, writeSettings } from '../../db/settings.js';
import { settingsPatchBody, settingsView, settingsViewOf, storedChanges } from '../../domain/settings.js';
import { ensureRefreshSchedule } from '../../lib/refresh-schedule.js';
import { temporalUnavailable, temporalUnreachable } from '../admission.js';
import type { ApiDeps } from '../deps.js';
import { errorResponse } from '../errors.js';
import { jsonBody, router } from '../http.js';

/** The schedule is written inside the transaction: a slow Temporal must not hold its connection long. */
const SCHEDULE_DEADLINE_MS = 5_000;

const settingsAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: settingsView.openapi('Settings') } },
});

const read = createRoute({
  method: 'get',
  path: '/settings',
  summary: 'The settings in force, each with whether it is the environment default or was set',
  responses: {
    200: settingsAnswer('`{settings, sources}`: the values in force and where each comes from'),
    401: errorResponse('no API key, or a wrong one'),
    503: errorResponse('the database is unavailable; retry after `Retry-After` seconds'),
  },
});

const change = createRoute({
  method: 'patch',
  path: '/settings',
  summary: 'Change some settings (null resets one to the environment default); they apply from the next enrichment',
  request: { body: jsonBody(settingsPatchBody.openapi('SettingsPatch')) },
  responses: {
    200: settingsAnswer('the settings now in force'),
    400: errorResponse('an unknown setting, or a value outside its range (the message names the range)'),
    401: errorResponse('no API key, or a wrong one'),
    413: errorResponse('the body is larger than 1 MiB'),
    415: errorResponse('the body is not application/json'),
    503: errorResponse(
      'the database, or Temporal while the refresh interval changes, is unavailable: nothing was changed; retry after `Retry-After` seconds',
    ),
  },
});

export function settingsRoutes({ pool, client, config }: ApiDeps) {
  return router()
    .openapi(read, async (c) => c.json(settingsViewOf(await readSettings(pool, config)), 200))
    .openapi(change, async (c) => {
      const patch = c.req.valid('json');
      try {
        const now = await inTransaction(pool, async (tx) => {
          await writeSettings(tx, storedChanges(patch));
          const effective = await readSettings(tx, config);
          // Before the commit: a schedule Temporal refused leaves the stored interval as it was.
          if (patch.refreshInterval !== undefined)
            await client.withDeadline(Date.now() + SCHEDULE_DEADLINE_MS, () =>
              ensureRefreshSchedule(client, { ...config, refreshIntervalMs: effective.settings.refreshIntervalMs }),
            );
          return effective;
        });
        return c.json(settingsViewOf(now), 200);
      } catch (err) {
        if (!temporalUnreachable(err)) throw err;
        return temporalUnavailable(c, 'Temporal is unavailable: no setting was changed; try again shortly');
      }
    });
}
