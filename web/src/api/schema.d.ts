// Generated from /openapi.json by `npm run web:types` (scripts/openapi-types.ts): do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether PostgreSQL, Temporal and a worker are up (open: no API key, no details) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description everything is up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description names what is down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in client's image token and the Temporal Web UI's address */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the session */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Movies, a page at a time, filtered by state, library, title, what they lack or completeness */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description the `nextCursor` of the previous page; the other parameters must stay the same */
                    cursor?: string;
                    sort?: "id" | "title" | "year" | "completeness";
                    status?: "unidentified" | "needs_identification" | "identified" | "enriched" | "published" | "file_missing";
                    library?: number;
                    /** @description part of the title or original title, or a TMDB id or IMDb id */
                    q?: string;
                    /** @description comma-separated artwork types or fields the movie lacks, e.g. `poster,plot` */
                    missing?: string;
                    /** @description completeness under this percentage */
                    completenessBelow?: number | null;
                    /** @description completeness of at least this percentage */
                    completenessAtLeast?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description one page, the total over all pages, and the next page's cursor */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MovieList"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Register a movie by TMDB id, IMDb id, or title and year */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tmdbId?: number;
                        imdbId?: string;
                        title?: string;
                        year?: number;
                        path?: string;
                    };
                };
            };
            responses: {
                /** @description the movie already registered with that id (or title, year and file) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Movie"];
                    };
                };
                /** @description the new movie */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Movie"];
                    };
                };
                /** @description names the bad field; a path outside the library roots names the roots */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One movie with its locks, lists, cast, completeness and selected artwork */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the movie */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Movie"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a movie: its row stays, its cache references and the images only it used go */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted, with the number of cache files removed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MovieDeleted"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an enrichment of it is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change fields and lists; each one changed is locked */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        original_title?: string | null;
                        sort_title?: string | null;
                        year?: number | null;
                        /** Format: date */
                        release_date?: string | null;
                        plot?: string | null;
                        outline?: string | null;
                        tagline?: string | null;
                        runtime?: number | null;
                        content_rating?: string | null;
                        user_rating?: number | null;
                        genres?: string[];
                        studios?: string[];
                        countries?: string[];
                        tags?: string[];
                        directors?: string[];
                        writers?: string[];
                    };
                };
            };
            responses: {
                /** @description the movie as edited */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Movie"];
                    };
                };
                /** @description names the unknown field or bad value */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/movies/{id}/locks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock or unlock fields, lists, ratings, the cast order and artwork types by name */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        lock?: string[];
                        /** @default [] */
                        unlock?: string[];
                    };
                };
            };
            responses: {
                /** @description the movie’s locks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MovieLocks"];
                    };
                };
                /** @description names the unknown lock */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/enrich": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an enrichment of the movie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        force?: boolean;
                        supersede?: boolean;
                    };
                };
            };
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Started"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an enrichment of it is already running (its `workflowId`); with `{supersede: true}` a run only awaiting review is ended instead */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too many user-triggered enrichments in flight (`ENRICH_LIMIT_USER`): `{error, trigger, limit, inFlight}`, retry after `Retry-After` seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal is unreachable: nothing was started, retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrichment runs, through Temporal visibility */
        get: {
            parameters: {
                query?: {
                    status?: "running" | "awaiting_review" | "published" | "enriched" | "needs_identification" | "skipped" | "superseded" | "failed";
                    movieId?: number;
                    trigger?: "user" | "webhook" | "schedule" | "bulk" | "scan";
                    limit?: number;
                    /** @description the `nextCursor` of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description one page (running first, then the most recently closed); `failed` includes terminated and timed-out runs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentList"];
                    };
                };
                /** @description names the invalid parameter (a cursor Temporal does not take included) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichments/{workflowId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a fresh run of a failed, terminated or timed-out enrichment, with the same trigger */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Started"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such enrichment */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description its last run did not fail, or one is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too many enrichments of its trigger in flight; retry after `Retry-After` seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal is unreachable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichments/{workflowId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An enrichment or publish: its status, live progress, result or failure */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the workflow */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkflowView"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such workflow */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichments/{workflowId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live progress of an enrichment's latest run (or of the run `runId`) as Server-Sent Events, up to its end
         * @description First a `snapshot` (or, with a Last-Event-ID this process still holds, the events after it), then `phase`, `counters` (per asset type), `provider`, `awaiting_review` (with its deadline) and `waiting` as they happen, and last `done` (with the outcome) or `failed` (with the reason), after which the stream ends. A run already closed gets its snapshot and end event at once. Comments keep the connection alive every 15 s. With `runId` (as `POST /movies/{id}/enrich` answered it) the stream is that run's even once another run of the workflow has started.
         */
        get: {
            parameters: {
                query?: {
                    /** @description the run to follow; without it, the workflow's latest run when asked */
                    runId?: string;
                };
                header?: {
                    "last-event-id"?: string;
                };
                path: {
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the event stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["ServerSentEvent"];
                    };
                };
                /** @description Last-Event-ID is the run's end event: nothing more will come */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description the workflow id, run id or Last-Event-ID is invalid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no or a wrong API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such enrichment, or no such run of it */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live progress of every enrichment run of this deployment as Server-Sent Events
         * @description The events of `GET /enrichments/{workflowId}/events` for every run, each naming its `workflowId` and `runId`: first `ready` (connected), then a `snapshot` per running run (or a replay after Last-Event-ID), then each run as it starts (its `snapshot`), moves and ends. Runs are found within about 2 s of their start. At most 200 running runs are followed at once, the most recently started first; one left out is taken up when a followed run ends, and its end event comes either way. A run followed only through this feed moves in steps of about 5 s (its own stream: about 1 s).
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "last-event-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the event stream (it does not end) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["ServerSentEvent"];
                    };
                };
                /** @description the Last-Event-ID is invalid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no or a wrong API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What approving would change: the fields the latest enrichment changed, and artwork added and removed
         * @description Answers for any movie: `awaitingReview` says whether its enrichment waits for a review now (with the deadline).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the changes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewPreview"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Approve (optionally with artwork picks) or reject the enrichment awaiting review */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "approve" | "reject";
                        picks?: {
                            poster?: number[];
                            fanart?: number[];
                            banner?: number[];
                            clearlogo?: number[];
                            clearart?: number[];
                            landscape?: number[];
                            keyart?: number[];
                            discart?: number[];
                        };
                    };
                };
            };
            responses: {
                /** @description the outcome, publish result included */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewOutcome"];
                    };
                };
                /** @description the review cannot be applied (names why) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no review is awaited */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a picked image could not be downloaded; still awaiting review */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The settings in force, each with whether it is the environment default or was set */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description `{settings, sources}`: the values in force and where each comes from */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Settings"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some settings (null resets one to the environment default); they apply from the next enrichment */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SettingsPatch"];
                };
            };
            responses: {
                /** @description the settings now in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Settings"];
                    };
                };
                /** @description an unknown setting, or a value outside its range (the message names the range) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database, or Temporal while the refresh interval changes, is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/movies/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish the movie’s NFO and selected artwork into its library folder
         * @description Starts `publish-movie-{id}`; its status and result are at `GET /api/enrichments/{workflowId}`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Started"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a publish of it is already running (its `workflowId`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats/completeness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Movies per completeness class, the average, and the least complete with their missing fields */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the statistics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CompletenessStats"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/radarr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Radarr’s webhook (Connect → Webhook, method POST)
         * @description Authenticated by `?apikey=` or HTTP Basic (`WEBHOOK_USER`/`WEBHOOK_PASSWORD`). `Download` and `Rename` register or update the movie and enrich it; `MovieFileDelete` marks its file missing (not for an upgrade); anything else is stored only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description `{eventId, outcome}`; a repeat while the movie’s enrichment runs joins it (`workflowId`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookAnswer"];
                    };
                };
                /** @description an enrichment started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookAnswer"];
                    };
                };
                /** @description a malformed payload, naming the field (the call is stored all the same) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description neither the API key nor the webhook login */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the file lies outside every library root, after path mapping */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too many webhook enrichments in flight (`ENRICH_LIMIT_WEBHOOK`), retry after `Retry-After` */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/sonarr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sonarr’s webhook: stored and acknowledged (TV is not enriched yet) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description `{eventId, outcome}` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookAnswer"];
                    };
                };
                /** @description a malformed payload, naming the field (stored all the same) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook calls with their outcomes, newest first, a page at a time, by source and outcome */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                    source?: "radarr" | "sonarr";
                    outcome?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the events, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEvents"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/libraries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every movie library, with what its last scan found */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every movie library */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Libraries"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a movie library: a folder inside LIBRARY_ROOTS */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        path: string;
                        autoEnrich?: boolean;
                    };
                };
            };
            responses: {
                /** @description the library */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Library"];
                    };
                };
                /** @description names the bad field; a path outside the roots names the roots */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a library at that folder exists (its `id`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/libraries/{id}/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The library’s latest scan: running, or its result (added, moved, missing, unidentified) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the scan: its progress while running, its result once done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkflowView"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description never scanned */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Scan the library: register new films, follow moved ones, mark vanished ones missing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description a scan of it is running already */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanRunning"];
                    };
                };
                /** @description the scan started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Started"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such library */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrich/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest bulk runs, newest first, each as GET /enrich/bulk/{id} shows it */
        get: {
            parameters: {
                query?: {
                    /** @description at most this many (1–100) */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the runs (one whose workflow never started is left out) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkRuns"];
                    };
                };
                /** @description a limit out of range */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Enrich many movies: `{}` every monitored one, `{libraryId}`, `{movieIds}` or `{status: "failed"}` */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        libraryId?: number;
                        movieIds?: number[];
                        /** @enum {string} */
                        status?: "failed";
                    };
                };
            };
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkStarted"];
                    };
                };
                /** @description names the bad field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a bulk run is in progress (its `id`): one at a time */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrich/bulk/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bulk run: done, failed, skipped and remaining, its pauses for provider rate limits */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the bulk run: `progress` while it runs, `result` (the same shape) once it has ended */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkRun"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such bulk run */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a bulk run: nothing new starts; enrichments already running finish */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description cancelling */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkCancelling"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such bulk run */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description it has finished */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every artwork candidate of the movie (optionally of one type) with its rank and state */
        get: {
            parameters: {
                query?: {
                    type?: "poster" | "fanart" | "banner" | "clearlogo" | "clearart" | "landscape" | "keyart" | "discart";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the candidates, by type then rank */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CandidateList"];
                    };
                };
                /** @description an invalid id or type */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/candidates/{id}/select": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make this candidate its type’s first pick (downloaded if not cached) and lock the type
         * @description The rest of the selection follows it, as far as the type’s limit reaches; publishing names it first (`poster.jpg`). A pick not done within 60 s is answered 202: its status and result are at `GET /api/enrichments/{workflowId}`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description selected; the type is locked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ArtworkSelection"];
                    };
                };
                /** @description the pick is still running: follow it at `GET /api/enrichments/{workflowId}` */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ArtworkRunStarted"];
                    };
                };
                /** @description an invalid id */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such candidate */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the candidate is blocked or its type disabled, an enrichment of the movie is running (when it awaits review, pick through the review), or another pick of it is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the candidate could not be downloaded or used */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/candidates/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a candidate: never chosen again; a selected one leaves the selection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description blocked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Candidate"];
                    };
                };
                /** @description an invalid id */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such candidate */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an enrichment of the movie is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/candidates/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a candidate: enrichment and picks may choose it again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unblocked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Candidate"];
                    };
                };
                /** @description an invalid id */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such candidate */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/assets/{type}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unlock an artwork type and start an enrichment that chooses it afresh
         * @description Its status and result are at `GET /api/enrichments/{workflowId}`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    type: "poster" | "fanart" | "banner" | "clearlogo" | "clearart" | "landscape" | "keyart" | "discart";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unlocked; the enrichment started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ArtworkRunStarted"];
                    };
                };
                /** @description an invalid id or type */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an enrichment of the movie is running or awaits review */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unlocked, but too many enrichments are in flight: retry after `Retry-After` seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unlocked, but Temporal is unreachable: retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/people/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One person with their headshot and their films, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the person */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such person */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/trailers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The movie’s trailer candidates, best first, and whether its trailer is locked */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the candidates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerCandidates"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Use a video of one’s own as the trailer (a YouTube or Vimeo URL; locks it) and download it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example https://www.youtube.com/watch?v=dQw4w9WgXcQ */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description its download runs */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerDownloadStarted"];
                    };
                };
                /** @description not a URL on an allowed video site */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a trailer download for this movie is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/trailers/{candidateId}/select": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a candidate as the trailer (locks it); downloads it unless it is cached */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    candidateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description chosen; its video was cached already */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerChosen"];
                    };
                };
                /** @description chosen; its download runs */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerDownloadStarted"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie or candidate */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description a trailer download for this movie is running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/trailers/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Lock the trailer: enrichment leaves it alone */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the lock now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerLock"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Unlock the trailer */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the lock now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TrailerLock"];
                    };
                };
                /** @description the request does not validate: `details.issues` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cache/{sha256}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cached image by its SHA-256, or a thumbnail of it at least `w` pixels wide
         * @description `w` is rounded up to the next of 92, 185, 342, 500, 780, 1280, 2000 (TMDB's widths), the width served and named in the ETag, so an image has at most that many thumbnails; they go when the image leaves the cache. A thumbnail is a JPEG, or a WebP when the image has transparency; it is never wider than the image. `?token=` with the image token (GET /api/session) authenticates `<img>` tags without the API key.
         */
        get: {
            parameters: {
                query?: {
                    /** @description the image token from GET /api/session, instead of the API key */
                    token?: string;
                    w?: string;
                };
                header?: never;
                path: {
                    sha256: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the bytes */
                200: {
                    headers: {
                        /** @description the SHA-256 (and, for a thumbnail, the width served), quoted */
                        ETag?: string;
                        /** @description public, max-age=31536000, immutable */
                        "Cache-Control"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "image/jpeg": string;
                        "image/png": string;
                        "image/webp": string;
                        "image/gif": string;
                        "image/avif": string;
                    };
                };
                /** @description not modified: the `If-None-Match` ETag is current */
                304: {
                    headers: {
                        /** @description the SHA-256 (and, for a thumbnail, the width served), quoted */
                        ETag?: string;
                        /** @description public, max-age=31536000, immutable */
                        "Cache-Control"?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description not a SHA-256, or a width out of range */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such image in the cache */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the database is unavailable: nothing was changed; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search TMDB for the film this movie is, each result scored against the query
         * @description Without `q`, the movie’s own title and year are searched: for a movie whose identification_status is `needs_identification` these are its best guesses. Results come best first, scored 0–100 on title and year.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    year?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the results, best match first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MovieSearch"];
                    };
                };
                /** @description names the bad parameter */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description TMDB's rate limit is reached (`details.provider`: `tmdb`): retry after `Retry-After` seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description TMDB is unavailable (failing, or its breaker open): retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/movies/{id}/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-identify the movie as another TMDB film and enrich it as that film
         * @description The movie takes `tmdbId` (its IMDb id goes: the new film’s comes with the enrichment). What the old film supplied goes: unlocked fields, lists and cast, and the candidates, selection and cached images of every artwork type not locked. Locked fields, lists and artwork types stay. An enrichment (trigger `user`, forced) starts at once; a run that only awaits review gives way to it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tmdbId: number;
                    };
                };
            };
            responses: {
                /** @description re-identified; its enrichment started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Identification"];
                    };
                };
                /** @description names the bad field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no API key, or a wrong one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description no such movie */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description another movie is that film (`details.movieId`), or an enrichment of this one is running (`details.workflowId`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is larger than 1 MiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description the body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description TMDB knows no movie with that id; nothing was changed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description TMDB's rate limit is reached (`details.provider`: `tmdb`; nothing was changed), or too many user-triggered enrichments are in flight (`details.trigger`; re-identified, but its enrichment did not start): retry after `Retry-After` seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description an unexpected error: `details.errorId` is in the API log */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description TMDB or Temporal is unavailable: retry after `Retry-After` seconds. Nothing was changed, unless Temporal failed only as the enrichment was to start (re-identified, but not enriched) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ProgressEvent: {
            /** @enum {string} */
            type: "snapshot";
            workflowId: string;
            runId: string;
            movieId: number | null;
            status: string;
            progress: {
                movieId: number;
                /** @enum {string} */
                phase: "scrape" | "download" | "cache" | "record" | "awaiting_review" | "publish" | "complete";
                providers: {
                    tmdb?: {
                        /** @enum {string} */
                        status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                        reason?: string;
                    };
                    "fanart.tv"?: {
                        /** @enum {string} */
                        status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                        reason?: string;
                    };
                    omdb?: {
                        /** @enum {string} */
                        status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                        reason?: string;
                    };
                };
                types: {
                    poster?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    fanart?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    banner?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    clearlogo?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    clearart?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    landscape?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    keyart?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                    discart?: {
                        candidates: number;
                        limit: number;
                        downloaded: number;
                        reused: number;
                        accepted: number;
                        duplicates: number;
                        failed: number;
                    };
                };
                reviewDeadline?: string;
                waiting?: {
                    /** @enum {string} */
                    resource: "database" | "cache volume";
                    message: string;
                    since: string;
                    reason: string;
                    retries: number;
                };
                trailer?: {
                    /** @enum {string} */
                    status: "analysing" | "downloading" | "downloaded" | "unchanged" | "none" | "locked" | "failed";
                    attempts: {
                        candidateId: number;
                        outcome: ("downloaded" | "locked") | ("rate_limited" | "age_restricted" | "geo_blocked" | "unavailable" | "download_error");
                        message?: string;
                    }[];
                    candidateId?: number;
                    sha256?: string;
                    download?: {
                        downloadedBytes: number;
                        totalBytes: number | null;
                        percent: number | null;
                        speed: number | null;
                        etaSeconds: number | null;
                    };
                    error?: string;
                };
            } | null;
        } | {
            /** @enum {string} */
            type: "phase";
            workflowId: string;
            runId: string;
            movieId: number | null;
            /** @enum {string} */
            phase: "scrape" | "download" | "cache" | "record" | "awaiting_review" | "publish" | "complete";
            /** @enum {string|null} */
            previous: "scrape" | "download" | "cache" | "record" | "awaiting_review" | "publish" | "complete" | null;
        } | {
            /** @enum {string} */
            type: "counters";
            workflowId: string;
            runId: string;
            movieId: number | null;
            /** @enum {string} */
            assetType: "poster" | "fanart" | "banner" | "clearlogo" | "clearart" | "landscape" | "keyart" | "discart";
            counters: {
                candidates: number;
                limit: number;
                downloaded: number;
                reused: number;
                accepted: number;
                duplicates: number;
                failed: number;
            };
        } | {
            /** @enum {string} */
            type: "provider";
            workflowId: string;
            runId: string;
            movieId: number | null;
            /** @enum {string} */
            provider: "tmdb" | "fanart.tv" | "omdb";
            report: {
                /** @enum {string} */
                status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                reason?: string;
            };
        } | {
            /** @enum {string} */
            type: "awaiting_review";
            workflowId: string;
            runId: string;
            movieId: number | null;
            deadline: string | null;
        } | {
            /** @enum {string} */
            type: "trailer";
            workflowId: string;
            runId: string;
            movieId: number | null;
            trailer: {
                /** @enum {string} */
                status: "analysing" | "downloading" | "downloaded" | "unchanged" | "none" | "locked" | "failed";
                attempts: {
                    candidateId: number;
                    outcome: ("downloaded" | "locked") | ("rate_limited" | "age_restricted" | "geo_blocked" | "unavailable" | "download_error");
                    message?: string;
                }[];
                candidateId?: number;
                sha256?: string;
                download?: {
                    downloadedBytes: number;
                    totalBytes: number | null;
                    percent: number | null;
                    speed: number | null;
                    etaSeconds: number | null;
                };
                error?: string;
            };
        } | {
            /** @enum {string} */
            type: "waiting";
            workflowId: string;
            runId: string;
            movieId: number | null;
            waiting: {
                /** @enum {string} */
                resource: "database" | "cache volume";
                message: string;
                since: string;
                reason: string;
                retries: number;
            } | null;
        } | {
            /** @enum {string} */
            type: "done";
            workflowId: string;
            runId: string;
            movieId: number | null;
            outcome: string;
            completenessPct: number | null;
            publish: string | null;
            message: string | null;
            providers: {
                tmdb?: {
                    /** @enum {string} */
                    status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                    reason?: string;
                };
                "fanart.tv"?: {
                    /** @enum {string} */
                    status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                    reason?: string;
                };
                omdb?: {
                    /** @enum {string} */
                    status: "pending" | "ok" | "skipped" | "failed" | "rate_limited";
                    reason?: string;
                };
            };
            types: {
                poster?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                fanart?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                banner?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                clearlogo?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                clearart?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                landscape?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                keyart?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
                discart?: {
                    candidates: number;
                    limit: number;
                    downloaded: number;
                    reused: number;
                    accepted: number;
                    duplicates: number;
                    failed: number;
                };
            };
        } | {
            /** @enum {string} */
            type: "failed";
            workflowId: string;
            runId: string;
            movieId: number | null;
            status: string;
            reason: string;
            failureType: string;
        };
        Error: {
            error: {
                /** @enum {string} */
                code: "invalid_request" | "unauthorized" | "not_found" | "method_not_allowed" | "conflict" | "payload_too_large" | "unsupported_media_type" | "unprocessable" | "rate_limited" | "unavailable" | "internal";
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            checks: {
                /** @enum {string} */
                postgres: "ok" | "down";
                /** @enum {string} */
                temporal: "ok" | "down";
                /** @enum {string} */
                worker: "ok" | "down";
            };
            down: string[];
        };
        Session: {
            /** @description send as `?token=` to GET /api/cache/{sha256}; nothing else takes it */
            imageToken: string;
            /** @description the Temporal Web UI (TEMPORAL_UI_URL), or null when none is configured */
            temporalUi: {
                url: string;
                namespace: string;
            } | null;
        };
        Movie: {
            id: number;
            title: string;
            year: number | null;
            tmdb_id: number | null;
            imdb_id: string | null;
            identification_status: string;
            locks: {
                [key: string]: boolean;
            };
            completeness: {
                pct: number;
                class: string;
                missing: string[];
            };
            genres: string[];
            studios: string[];
            countries: string[];
            tags: string[];
            directors: string[];
            writers: string[];
            cast: ({
                name: string;
            } & {
                [key: string]: unknown;
            })[];
            selectedAssets: {
                [key: string]: ({
                    id: number;
                    sha256: string;
                } & {
                    [key: string]: unknown;
                })[];
            };
            /** @description what publishing wrote into the movie's folder (only these files are ever removed from it) */
            publishedFiles: {
                path: string;
                /** @enum {string} */
                kind: "nfo" | "image";
                assetType: string | null;
                sha256: string;
                /** Format: date-time */
                publishedAt: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        MovieList: {
            movies: components["schemas"]["MovieSummary"][];
            /** @description movies matching the filters, over all pages */
            total: number;
            /** @description null on the last page */
            nextCursor: string | null;
        };
        MovieSummary: {
            id: number;
            title: string;
            year: number | null;
            tmdbId: number | null;
            imdbId: string | null;
            libraryId: number | null;
            identificationStatus: string;
            completenessPct: number;
            missing: string[];
            fileMissing: boolean;
            enrichedAt: string | null;
            /** @description the first selected poster: `/api/cache/{sha256}` */
            posterSha256: string | null;
        };
        MovieDeleted: {
            id: number;
            /** @enum {boolean} */
            deleted: true;
            removedCacheFiles: number;
        };
        MovieLocks: {
            id: number;
            locks: {
                [key: string]: boolean;
            };
        };
        Started: {
            workflowId: string;
            runId: string;
            /** @description the run only awaiting review that was ended */
            supersededRunId?: string;
        };
        EnrichmentList: {
            items: components["schemas"]["EnrichmentListItem"][];
            total: number;
            nextCursor: string | null;
        };
        EnrichmentListItem: {
            workflowId: string;
            runId: string;
            /** @description Temporal's: RUNNING, COMPLETED, FAILED, TERMINATED, TIMED_OUT, … */
            status: string;
            enrichmentStatus: string | null;
            movieId: number | null;
            trigger: string | null;
            startTime: string;
            closeTime: string | null;
        };
        WorkflowView: {
            workflowId: string;
            runId: string;
            /** @description Temporal's: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, … */
            status: string;
            /** Format: date-time */
            startTime: string;
            /** Format: date-time */
            closeTime: string | null;
            /** @description while running (null when no worker answered in time) */
            progress?: unknown;
            /** @description once completed */
            result?: unknown;
            /** @description once failed, terminated, cancelled or timed out */
            failure?: {
                message: string;
                type: string;
            } | null;
        };
        ServerSentEvent: {
            /** @enum {string} */
            event: "snapshot" | "phase" | "counters" | "provider" | "awaiting_review" | "trailer" | "waiting" | "done" | "failed" | "ready";
            /** @description absent only on `ready` */
            id?: string;
            /** @description a ProgressEvent (see its schema) as JSON; `ready`: `{"type":"ready"}` */
            data: string;
        };
        ReviewPreview: {
            movieId: number;
            awaitingReview: boolean;
            workflowId: string;
            /** Format: date-time */
            reviewDeadline: string | null;
            /** @description the fields the latest enrichment changed, lists as their names */
            changes: {
                field: string;
                before: string | number | string[] | null;
                after: string | number | string[] | null;
            }[];
            /** @description per type: selected and not yet in the movie's folder, there but no longer selected, both */
            artwork: {
                assetType: string;
                added: {
                    sha256: string;
                    candidateId: number | null;
                    /** @description the cached image; null when it has left the cache */
                    url: string | null;
                    width: number | null;
                    height: number | null;
                }[];
                removed: {
                    sha256: string;
                    candidateId: number | null;
                    /** @description the cached image; null when it has left the cache */
                    url: string | null;
                    width: number | null;
                    height: number | null;
                }[];
                kept: {
                    sha256: string;
                    candidateId: number | null;
                    /** @description the cached image; null when it has left the cache */
                    url: string | null;
                    width: number | null;
                    height: number | null;
                }[];
            }[];
        };
        ReviewOutcome: {
            /** @enum {string} */
            decision: "approve" | "reject";
            picks: {
                [key: string]: number[];
            };
        } & {
            [key: string]: unknown;
        };
        Settings: {
            settings: {
                assetLimits: {
                    poster: number;
                    fanart: number;
                    banner: number;
                    clearlogo: number;
                    clearart: number;
                    landscape: number;
                    keyart: number;
                    discart: number;
                };
                preferredLanguage: string;
                autoPublish: boolean;
                reviewTimeout: string;
                refreshInterval: string;
            };
            sources: {
                assetLimits: {
                    /** @enum {string} */
                    poster: "environment" | "set";
                    /** @enum {string} */
                    fanart: "environment" | "set";
                    /** @enum {string} */
                    banner: "environment" | "set";
                    /** @enum {string} */
                    clearlogo: "environment" | "set";
                    /** @enum {string} */
                    clearart: "environment" | "set";
                    /** @enum {string} */
                    landscape: "environment" | "set";
                    /** @enum {string} */
                    keyart: "environment" | "set";
                    /** @enum {string} */
                    discart: "environment" | "set";
                };
                /** @enum {string} */
                preferredLanguage: "environment" | "set";
                /** @enum {string} */
                autoPublish: "environment" | "set";
                /** @enum {string} */
                reviewTimeout: "environment" | "set";
                /** @enum {string} */
                refreshInterval: "environment" | "set";
            };
        };
        SettingsPatch: {
            assetLimits?: {
                poster?: number | null;
                fanart?: number | null;
                banner?: number | null;
                clearlogo?: number | null;
                clearart?: number | null;
                landscape?: number | null;
                keyart?: number | null;
                discart?: number | null;
            } | null;
            preferredLanguage?: string | null;
            autoPublish?: boolean | null;
            reviewTimeout?: string | null;
            refreshInterval?: string | null;
        };
        CompletenessStats: {
            movies: number;
            counts: {
                enriched: number;
                partial: number;
                unenriched: number;
            };
            average: number | null;
            leastComplete: {
                id: number;
                title: string;
                year: number | null;
                completenessPct: number;
                missing: string[];
            }[];
        };
        WebhookAnswer: {
            eventId: number;
            outcome: string;
            movieId?: number;
            workflowId?: string;
        } & {
            [key: string]: unknown;
        };
        WebhookEvents: {
            events: {
                id: number;
                source: string;
                eventType: string | null;
                payload?: unknown;
                /** Format: date-time */
                receivedAt: string;
                outcome: string;
                workflowId: string | null;
                error: string | null;
            }[];
            /** @description events matching the filters, over all pages */
            total: number;
            /** @description null on the last page */
            nextCursor: string | null;
        };
        Library: {
            id: number;
            name: string;
            path: string;
            autoEnrich: boolean;
            /** Format: date-time */
            lastScanAt: string | null;
            /** @description what the last scan found */
            lastScan: {
                [key: string]: unknown;
            } | null;
        };
        Libraries: {
            libraries: components["schemas"]["Library"][];
            total: number;
        };
        ScanRunning: {
            workflowId: string;
            /** @enum {boolean} */
            running: true;
        };
        BulkStarted: {
            id: number;
            workflowId: string;
        };
        BulkRuns: {
            runs: components["schemas"]["BulkRun"][];
        };
        BulkRun: {
            workflowId: string;
            runId: string;
            /** @description Temporal's: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, … */
            status: string;
            /** Format: date-time */
            startTime: string;
            /** Format: date-time */
            closeTime: string | null;
            /** @description while running (null when no worker answered in time) */
            progress?: unknown;
            /** @description once completed */
            result?: unknown;
            /** @description once failed, terminated, cancelled or timed out */
            failure?: {
                message: string;
                type: string;
            } | null;
            id: number;
            selection?: unknown;
        } & {
            [key: string]: unknown;
        };
        BulkCancelling: {
            id: number;
            /** @enum {boolean} */
            cancelling: true;
        };
        CandidateList: {
            movieId: number;
            candidates: components["schemas"]["Candidate"][];
        };
        Candidate: {
            id: number;
            movieId: number;
            /** @enum {string} */
            assetType: "poster" | "fanart" | "banner" | "clearlogo" | "clearart" | "landscape" | "keyart" | "discart";
            provider: string;
            providerUrl: string;
            /** @description where to view it: `/api/cache/{sha256}` when its bytes are cached, else the provider’s URL */
            url: string;
            width: number | null;
            height: number | null;
            fileSize: number | null;
            language: string | null;
            score: number | null;
            /** @description within its type, by score then id; 1 is the best */
            rank: number;
            /**
             * @description `blocked` (never chosen again), `selected`, `duplicate` (of `duplicate`), `failed` (its last download, `reason`), `downloaded` (in the cache, not selected), `unselected` (downloaded once, no longer cached), `not_fetched` (never downloaded)
             * @enum {string}
             */
            state: "selected" | "duplicate" | "failed" | "blocked" | "downloaded" | "unselected" | "not_fetched";
            /** @enum {string|null} */
            selectedBy: "auto" | "user" | null;
            /** @description of its bytes, once downloaded */
            sha256: string | null;
            /** @description why it was rejected, or why its last download failed */
            reason: string | null;
            duplicate: {
                sha256: string;
                /** @description the candidate holding that image, if known */
                candidateId: number | null;
                /** @description pHash distance; 0 for identical bytes */
                distance: number | null;
            } | null;
        };
        ArtworkSelection: {
            movieId: number;
            candidateId: number;
            /** @enum {string} */
            assetType: "poster" | "fanart" | "banner" | "clearlogo" | "clearart" | "landscape" | "keyart" | "discart";
            /** @description whether its bytes had to be downloaded first */
            downloaded: boolean;
            /** @description the type’s selection now, in publishing order */
            selection: number[];
            /** @enum {boolean} */
            locked: true;
            candidate: components["schemas"]["Candidate"];
        };
        ArtworkRunStarted: {
            workflowId: string;
            runId: string;
        };
        Person: {
            id: number;
            name: string;
            tmdbId: number | null;
            imdbId: string | null;
            /** @description the headshot in the image cache (GET /api/cache/{sha256}); null when none */
            imageSha256: string | null;
            nameLocked: boolean;
            imageLocked: boolean;
            films: {
                movieId: number;
                title: string | null;
                year: number | null;
                role: string | null;
                order: number | null;
                /** @description the user removed this person from the film’s cast */
                removed: boolean;
            }[];
        };
        TrailerCandidates: {
            locked: boolean;
            candidates: components["schemas"]["TrailerCandidate"][];
        };
        TrailerCandidate: {
            id: number;
            /** @enum {string} */
            source: "provider" | "user";
            url: string;
            /** @enum {string} */
            site: "youtube" | "vimeo";
            /** @description TMDB’s name of the video */
            name: string | null;
            official: boolean | null;
            language: string | null;
            analyzed: boolean;
            title: string | null;
            durationSeconds: number | null;
            width: number | null;
            height: number | null;
            score: number | null;
            failure: {
                /** @enum {string} */
                reason: "rate_limited" | "age_restricted" | "geo_blocked" | "unavailable" | "download_error";
                message: string | null;
                retryAfter: string | null;
            } | null;
            selected: boolean;
            /** @enum {string|null} */
            selectedBy: "auto" | "user" | null;
            /** @description the downloaded video in the cache, if any */
            cachedSha256: string | null;
            downloadedAt: string | null;
        };
        TrailerChosen: {
            candidateId: number;
            /** @enum {boolean} */
            locked: true;
            cachedSha256: string;
        };
        /** @description the download runs: GET /api/enrichments/{workflowId} shows it, and its outcome once it ends */
        TrailerDownloadStarted: {
            candidateId: number;
            /** @enum {boolean} */
            locked: true;
            workflowId: string;
            runId: string;
        };
        TrailerLock: {
            locked: boolean;
        };
        MovieSearch: {
            movieId: number;
            query: {
                q: string;
                year: number | null;
            };
            results: {
                tmdbId: number;
                title: string;
                originalTitle: string | null;
                year: number | null;
                overview: string | null;
                posterUrl: string | null;
                popularity: number | null;
                score: number;
            }[];
        };
        Identification: {
            movieId: number;
            tmdbId: number;
            workflowId: string;
            runId: string;
            supersededRunId?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
