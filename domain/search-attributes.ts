import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Registered on the dev server by npm start and the tests, and by the compose setup job in production.
export const MovieIdKey = defineSearchAttributeKey('MovieId', SearchAttributeType.INT);
export const EnrichmentTriggerKey = defineSearchAttributeKey('EnrichmentTrigger', SearchAttributeType.KEYWORD);
/** Where a run stands (`EnrichmentStatus` in domain/types.ts), upserted by the workflow as it moves. */
export const EnrichmentStatusKey = defineSearchAttributeKey('EnrichmentStatus', SearchAttributeType.KEYWORD);

/** `temporal server start-dev --search-attribute` values. */
export const devServerSearchAttributes = ['MovieId=Int', 'EnrichmentTrigger=Keyword', 'EnrichmentStatus=Keyword'];
