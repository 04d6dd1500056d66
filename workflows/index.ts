export { reviewUpdate } from './complete.js';
export { enrichMovie, progressQuery } from './enrich-movie.js';
export { publishMovie } from './publish-movie.js';
