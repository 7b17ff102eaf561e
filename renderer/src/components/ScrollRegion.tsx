/**
 * A box that scrolls when its content is too big, reachable with the keyboard (Tab, then
 * the arrow keys) — a scrolling area nobody can focus is lost to keyboard users.
 */
import type { CSSProperties, ReactNode } from 'react';

export function ScrollRegion({
  label,
  maxHeight,
  children,
}: {
  label: string;
  maxHeight?: CSSProperties['maxHeight'];
  children: ReactNode;
}) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflow: 'auto', maxHeight }}>
      {children}
    </div>
  );
}
