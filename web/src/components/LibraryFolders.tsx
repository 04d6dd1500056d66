// The library folders: each with its last scan and a rescan button, a scan's progress while it
// runs, and the form that adds a folder (its first scan starts at once).
import { useState, type FormEvent } from 'react';
import { useImportLibrary, useLibraries, useRescan, useScan, type Library } from '../api/library';
import { ErrorNote } from './ErrorNote';

export function LibraryFolders() {
  const libraries = useLibraries();
  const [open, setOpen] = useState(false);
  const list = libraries.data?.libraries ?? [];
  return (
    <section className="card libraries" aria-labelledby="libraries-heading">
      <div className="section-heading">
        <h2 id="libraries-heading">Library folders</h2>
        <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          Import a library folder
        </button>
      </div>
      {open && <ImportForm onDone={() => setOpen(false)} />}
      <ErrorNote error={libraries.error} action="Cannot list the library folders" />
      {list.length === 0 && libraries.isSuccess && !open && (
        <p className="muted">No library folder yet. Import one: its films are found, identified and enriched.</p>
      )}
      <ul className="library-list">
        {list.map((library) => (
          <LibraryItem key={library.id} library={library} />
        ))}
      </ul>
    </section>
  );
}

function ImportForm({ onDone }: { onDone(): void }) {
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [autoEnrich, setAutoEnrich] = useState(true);
  const importLibrary = useImportLibrary();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    importLibrary.mutate(
      { name: name.trim() || (path.split('/').filter(Boolean).at(-1) ?? 'Movies'), path: path.trim(), autoEnrich },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="import-form" onSubmit={submit}>
      <label>
        Folder on the server
        <input
          value={path}
          onChange={(e) => setPath(e.target.value)}
          required
          placeholder="/movies"
          aria-describedby="folder-help"
        />
      </label>
      <p id="folder-help" className="muted small">
        An absolute path inside the folders the server allows (its <code>LIBRARY_ROOTS</code>), as Radarr sees it.
      </p>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Movies" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={autoEnrich} onChange={(e) => setAutoEnrich(e.target.checked)} />
        Enrich the films it finds
      </label>
      <div className="toolbar">
        <button type="submit" disabled={importLibrary.isPending}>
          {importLibrary.isPending ? 'Importing…' : 'Import and scan'}
        </button>
      </div>
      <ErrorNote error={importLibrary.error} action="The folder was not imported" />
    </form>
  );
}

function LibraryItem({ library }: { library: Library }) {
  const rescan = useRescan();
  const scan = useScan(library.id, true);
  const view = scan.data;
  const running = view?.status === 'RUNNING';
  const result = (view?.result as { scan?: ScanFound } | undefined)?.scan;
  return (
    <li>
      <div>
        <strong>{library.name}</strong> <code>{library.path}</code>
      </div>
      <p className="muted small" role="status" aria-label={`Scan of ${library.name}`}>
        {running
          ? 'Scanning…'
          : result && view?.closeTime
            ? `Last scan ${new Date(view.closeTime).toLocaleString()}: ${scanSummary(result)}`
            : library.lastScanAt
              ? `Last scan ${new Date(library.lastScanAt).toLocaleString()}: ${scanSummary(library.lastScan as ScanFound | null)}`
              : 'Not scanned yet'}
      </p>
      <button
        type="button"
        className="secondary"
        onClick={() => rescan.mutate(library.id)}
        disabled={running || rescan.isPending}
        aria-label={`Scan ${library.name} now`}
      >
        Scan now
      </button>
      <ErrorNote error={rescan.error} action="The scan did not start" />
    </li>
  );
}

/** The counts of a scan's result a person looks for. */
interface ScanFound {
  folders?: number;
  added?: unknown[];
  moved?: unknown[];
  missing?: unknown[];
  unidentified?: unknown[];
}

function scanSummary(found: ScanFound | null): string {
  if (!found) return 'no result recorded';
  const n = (list?: unknown[]) => list?.length ?? 0;
  return (
    `${found.folders ?? 0} folders, ${n(found.added)} added, ${n(found.moved)} moved, ` +
    `${n(found.missing)} missing, ${n(found.unidentified)} unidentified`
  );
}
