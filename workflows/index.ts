export { progressQuery, reviewUpdate } from './definitions.js';
export { enrichMovie } from './enrich-movie.js';
export { publishMovie } from './publish-movie.js';
