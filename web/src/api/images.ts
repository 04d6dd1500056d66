// Where an <img> finds a picture. Cached images carry the session's image token, since an image
// request cannot send the API key; a candidate not downloaded yet is shown from its provider.
import { useSession } from './session';

/** TMDB's poster widths: the cache route rounds a thumbnail up to one of them. */
export type ThumbnailWidth = 92 | 154 | 185 | 342 | 500 | 780;

export function useImageUrl(): (target: { sha256: string } | { url: string }, width?: ThumbnailWidth) => string {
  const { imageToken } = useSession().info;
  return (target, width) => {
    const path = 'sha256' in target ? `/api/cache/${target.sha256}` : target.url;
    if (!path.startsWith('/api/cache/')) return path;
    const params = new URLSearchParams({ token: imageToken });
    if (width) params.set('w', String(width));
    return `${path}?${params}`;
  };
}
