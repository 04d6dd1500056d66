// What a library scan finds and reports. Pure types and rules: the workflow bundle imports them.

/** One film the scan could not name: the file (or DVD folder) and why. */
export interface UnidentifiedFile {
  path: string;
  reason: string;
}

export interface LibraryScanResult {
  libraryId: number;
  /** Folders looked at (every folder holding a film, extras left out). */
  folders: number;
  /** Films registered by this scan. */
  added: { movieId: number; path: string }[];
  /** Films already registered whose file is now elsewhere (`from` null: it had no file until now). */
  moved: { movieId: number; from: string | null; to: string }[];
  /** Registered films whose file is gone: marked missing, their data kept. */
  missing: { movieId: number; path: string }[];
  /** Registered films marked missing whose file is back where it was. */
  returned: { movieId: number; path: string }[];
  unidentified: UnidentifiedFile[];
  /** A second copy of a film registered with a file that still exists: left alone. */
  duplicates: { movieId: number; path: string }[];
  /** Films found as registered: nothing to do. */
  unchanged: number;
  /** A scan resumed after a crash continues after this folder (relative to the library); null otherwise. */
  resumedAfter: string | null;
}

export const emptyScanResult = (libraryId: number): LibraryScanResult => ({
  libraryId,
  folders: 0,
  added: [],
  moved: [],
  missing: [],
  returned: [],
  unidentified: [],
  duplicates: [],
  unchanged: 0,
  resumedAfter: null,
});

/** What a scan workflow returns: the scan, and the batch enriching its new films (if any). */
export interface ScanLibraryOutcome {
  scan: LibraryScanResult;
  enrichment: { workflowId: string; movies: number } | null;
}
