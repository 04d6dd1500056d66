import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Registered on the dev server by npm start and the tests, and by the compose setup job in production.
export const MovieIdKey = defineSearchAttributeKey('MovieId', SearchAttributeType.INT);
export const EnrichmentTriggerKey = defineSearchAttributeKey('EnrichmentTrigger', SearchAttributeType.KEYWORD);
/** True while a run waits for the user's review: waiting for a person is not work in flight. */
export const EnrichmentAwaitingReviewKey = defineSearchAttributeKey(
  'EnrichmentAwaitingReview',
  SearchAttributeType.BOOL,
);

/** `temporal server start-dev --search-attribute` values. */
export const devServerSearchAttributes = ['MovieId=Int', 'EnrichmentTrigger=Keyword', 'EnrichmentAwaitingReview=Bool'];
