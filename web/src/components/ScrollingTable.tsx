// A table wider than a phone's screen scrolls sideways in its own box; the box takes the keyboard
// focus and is named, so it can be scrolled without a pointer.
import type { ReactNode } from 'react';

export function ScrollingTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
