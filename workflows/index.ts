export { enrichMovie, progressQuery } from './enrich-movie.js';
