/**
 * Props for a dashboard card's scrolling viewport (Mantine ScrollArea `viewportProps`): a
 * named region the keyboard can reach, so the arrow keys scroll it (axe:
 * scrollable-region-focusable) and a screen reader says what the list is.
 */
import type { ComponentPropsWithoutRef } from 'react';

export function scrollRegion(label: string): ComponentPropsWithoutRef<'div'> {
  return {
    tabIndex: 0,
    role: 'region',
    'aria-label': label,
    // The focus ring (focus.css) drawn inside: the ScrollArea's root clips anything outside.
    style: { outlineOffset: -2 },
  };
}
