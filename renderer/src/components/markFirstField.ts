/**
 * Dialogs open on their first field, not on the close cross: Mantine's focus trap focuses the
 * element marked data-autofocus, else the first tabbable one (the ✕ in the title bar).
 */
/** Fields one types or picks in; a file input is hidden behind its button, so it is left out. */
const FIELD = [
  'input:not([type="hidden"]):not([type="file"]):not([disabled]):not([tabindex="-1"])',
  'textarea:not([disabled])',
  'select:not([disabled])',
].join(', ');

/**
 * Marks the first field of a form with data-autofocus, which Mantine's focus trap focuses
 * when the dialog opens (a ref is attached before the trap's deferred focus runs). A form
 * that already marks a field keeps its own choice.
 */
export function markFirstField(node: HTMLElement | null) {
  if (!node || node.querySelector('[data-autofocus]')) return;
  node.querySelector(FIELD)?.setAttribute('data-autofocus', '');
}
