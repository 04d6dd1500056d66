import type { Trigger } from './types.js';

/** "Arrival (2016)": how a film is named in lists. */
export function filmName(title: string | null, year: number | null): string {
  return title ? `${title}${year ? ` (${year})` : ''}` : 'untitled film';
}

/** "Arrival (2016) · webhook": what the Temporal Web UI's workflow list shows for an enrichment. */
export function runSummary(film: string, trigger: Trigger): string {
  return `${film} · ${trigger}`;
}
