// The API key, kept in this browser (localStorage) once the user signed in with it.
const STORAGE_KEY = 'media-enrichment.api-key';

export function storedApiKey(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function storeApiKey(key: string | null): void {
  if (key === null) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, key);
}
