// Movie libraries: folders inside the library roots whose films a scan imports.
import { stat } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { findLibrary, findLibraryByPath, insertLibrary, listLibraries } from '../../db/libraries.js';
import { isUniqueViolation } from '../../db/pool.js';
import { PRIORITY } from '../../domain/priority.js';
import { idParam, libraryBody } from '../../domain/schemas.js';
import { scanWorkflowId } from '../../domain/workflow-ids.js';
import { resolveInRoots } from '../../lib/library-roots.js';
import { scanLibrary } from '../../workflows/index.js';
import type { ApiDeps } from '../deps.js';
import { library, scanRunning, started, workflowView } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { invalidRequest, json, jsonBody, notFound, router } from '../http.js';
import { workflowView as viewOf } from '../workflow-status.js';

const libraryParams = z.object({ id: idParam });

const create = createRoute({
  method: 'post',
  path: '/libraries',
  summary: 'Add a movie library: a folder inside LIBRARY_ROOTS',
  request: { body: jsonBody(libraryBody) },
  responses: {
    201: { description: 'the library', content: json(library) },
    400: errorResponse('names the bad field; a path outside the roots names the roots'),
    409: errorResponse('a library at that folder exists (its `id`)'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/libraries',
  summary: 'Every movie library, with what its last scan found',
  responses: {
    200: {
      description: 'every movie library',
      content: json(z.object({ libraries: z.array(library), total: z.number().int() }).openapi('Libraries')),
    },
  },
});

const scan = createRoute({
  method: 'post',
  path: '/libraries/{id}/scan',
  summary: 'Scan the library: register new films, follow moved ones, mark vanished ones missing',
  request: { params: libraryParams },
  responses: {
    202: { description: 'the scan started', content: json(started) },
    200: { description: 'a scan of it is running already', content: json(scanRunning) },
    404: errorResponse('no such library'),
  },
});

const scanStatus = createRoute({
  method: 'get',
  path: '/libraries/{id}/scan',
  summary: 'The library’s latest scan: running, or its result (added, moved, missing, unidentified)',
  request: { params: libraryParams },
  responses: {
    200: { description: 'the scan: its progress while running, its result once done', content: json(workflowView) },
    404: errorResponse('never scanned'),
  },
});

const atFolder = (id: number) => apiError(ErrorCode.Conflict, `library ${id} is at that folder`, { id });

export function libraryRoutes({ pool, client, config }: ApiDeps) {
  return router()
    .openapi(create, async (c) => {
      const b = c.req.valid('json');
      const refuse = (message: string) => c.json(invalidRequest([{ field: 'path', message }]), 400);
      const inRoots = await resolveInRoots(b.path, config.libraryRoots);
      if (!inRoots.ok) return refuse(inRoots.reason);
      const isFolder = await stat(inRoots.path).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!isFolder) return refuse(`${JSON.stringify(b.path)} is not a folder`);
      const existing = await findLibraryByPath(pool, inRoots.path);
      if (existing) return c.json(atFolder(existing.id), 409);
      try {
        const library = await insertLibrary(pool, {
          name: b.name,
          path: inRoots.path,
          autoEnrich: b.autoEnrich ?? true,
        });
        return c.json(library, 201);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await findLibraryByPath(pool, inRoots.path);
        return c.json(atFolder(winner!.id), 409);
      }
    })
    .openapi(list, async (c) => {
      const libraries = await listLibraries(pool);
      return c.json({ libraries, total: libraries.length }, 200);
    })
    .openapi(scan, async (c) => {
      const { id } = c.req.valid('param');
      const library = await findLibrary(pool, id);
      if (!library) return c.json(notFound(`library ${id}`), 404);
      try {
        const handle = await client.workflow.start(scanLibrary, {
          workflowId: scanWorkflowId(id),
          taskQueue: config.temporal.taskQueue,
          args: [{ libraryId: id, enrichNew: library.autoEnrich, window: config.batchWindow }],
          priority: { priorityKey: PRIORITY.scan },
          staticSummary: `scan of ${library.name} (${library.path})`,
        });
        return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        return c.json({ workflowId: err.workflowId, running: true as const }, 200);
      }
    })
    .openapi(scanStatus, async (c) => {
      const { id } = c.req.valid('param');
      const view = await viewOf(client, scanWorkflowId(id));
      return view ? c.json(view, 200) : c.json(notFound(`a scan of library ${id}`), 404);
    });
}
