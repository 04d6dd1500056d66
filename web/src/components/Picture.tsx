// A cached or provider image, lazily loaded, with a placeholder saying what is missing when there
// is none or it cannot be loaded.
import { useState } from 'react';
import { useImageUrl, type ThumbnailWidth } from '../api/images';

interface Props {
  image: { sha256: string } | { url: string } | null;
  alt: string;
  width?: ThumbnailWidth;
  className?: string;
  /** What the placeholder says when there is no picture. */
  missing?: string;
}

export function Picture({ image, alt, width, className = '', missing = 'No image' }: Props) {
  const imageUrl = useImageUrl();
  const [broken, setBroken] = useState(false);
  if (!image || broken)
    return (
      <div
        className={`picture placeholder ${className}`}
        {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
      >
        <span aria-hidden="true">{broken ? 'Cannot load' : missing}</span>
      </div>
    );
  return (
    <img
      className={`picture ${className}`}
      src={imageUrl(image, width)}
      alt={alt}
      loading="lazy"
      decoding="async"
      onError={() => setBroken(true)}
    />
  );
}
