export { batchProgressQuery, progressQuery, reviewUpdate, supersedeSignal } from './definitions.js';
export { enrichBatch } from './enrich-batch.js';
export { enrichMovie } from './enrich-movie.js';
export { publishMovie } from './publish-movie.js';
export { scanLibrary } from './scan-library.js';
export { selectArtwork } from './select-artwork.js';
export { downloadChosenTrailer } from './download-trailer.js';
