// Failure types: the names workflows, activities and the API use to tell failures apart. Temporal
// carries them as `ApplicationFailure.type`; the API shows them as an enrichment's `failure.type`.

export const FailureType = {
  /**
   * The database or the cache volume was unavailable. From an activity: the workflow waits and tries
   * again. From a workflow: it waited as long as it waits and failed rather than finish degraded.
   */
  InfrastructureUnavailable: 'InfrastructureUnavailable',
  /** An activity was given input no workflow of ours sends (a forged or corrupted request). */
  InvalidActivityInput: 'InvalidActivityInput',
  /** The worker lacks a setting it needs (a provider key). */
  ConfigMissing: 'ConfigMissing',
  /** The movie does not exist, or was deleted. */
  MovieNotFound: 'MovieNotFound',
  /** The provider cache row a step was given is gone. */
  ProviderCacheMissing: 'ProviderCacheMissing',
  /**
   * The movie was identified as another film while the run was scraping: nothing was recorded; an
   * enrichment started since records the new film.
   */
  StaleIdentity: 'StaleIdentity',
  /** TMDB could not be scraped: nothing was recorded. */
  ScrapeFailed: 'ScrapeFailed',
  /** An image download failed in a way a retry may fix (network, 5xx, 429). */
  DownloadFailed: 'DownloadFailed',
  /** A download's temp file vanished before it reached the cache. */
  TempFileMissing: 'TempFileMissing',
  /** A download's temp file lies outside the cache's temp folder, or its bytes do not match its hash. */
  UntrustedTempFile: 'UntrustedTempFile',
  /** A picked candidate could not be downloaded or decoded. */
  PickFailed: 'PickFailed',
  /** The user picked a candidate that may not be chosen: blocked, of a disabled type, or gone. */
  PickRefused: 'PickRefused',
  /** A review was accepted but its picks could not be applied; the run still awaits a review. */
  ReviewFailed: 'ReviewFailed',
  /** The movie has no usable file path to publish next to. */
  NoFilePath: 'NoFilePath',
  /** The library folder is missing, not a folder, or not writable. */
  LibraryFolderUnusable: 'LibraryFolderUnusable',
  /** A file to publish is not in the cache. */
  CacheFileMissing: 'CacheFileMissing',
  /** A library file could not be written (permissions, read-only mount). */
  LibraryWriteFailed: 'LibraryWriteFailed',
  /** The movie's path, symlinks and `..` resolved, is not inside a library root. */
  PathOutsideLibraryRoots: 'PathOutsideLibraryRoots',
  /** A symlink or special file (FIFO, socket, device, folder) stands at a name publishing writes. */
  UnsafeLibraryFile: 'UnsafeLibraryFile',
  /** A publish step was handed a file name, source or folder its plan could not have produced. */
  PublishInputRejected: 'PublishInputRejected',
  /** Publishing failed for a reason without a type of its own. */
  PublishFailed: 'PublishFailed',
  ProviderAuth: 'ProviderAuth',
  ProviderNotFound: 'ProviderNotFound',
  ProviderBadRequest: 'ProviderBadRequest',
  ProviderRateLimited: 'ProviderRateLimited',
  /** The library to scan is gone, or its folder lies outside the library roots or cannot be read. */
  LibraryUnusable: 'LibraryUnusable',
  ProviderServerError: 'ProviderServerError',
  ProviderNetwork: 'ProviderNetwork',
  /** A provider's answer could not be read or was too incomplete to trust. */
  ProviderMalformed: 'ProviderMalformed',
  /** The provider's circuit breaker is open: no request was made. */
  ProviderUnavailable: 'ProviderUnavailable',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
