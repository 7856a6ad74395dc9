import { byTestId } from './dom.ts';

/** The part of a panel that shows a placeholder until something is chosen, then its details. */
export interface DetailsPanel {
  /** Shows the details, the placeholder hidden. */
  showDetails(): void;
  /** Shows the placeholder again, the details hidden. */
  showPlaceholder(): void;
}

/** The placeholder and the details with these `data-testid`s under `root`. */
export function detailsPanel(root: ParentNode, ids: { placeholder: string; details: string }): DetailsPanel {
  const placeholder = byTestId(root, ids.placeholder);
  const details = byTestId(root, ids.details);
  const show = (chosen: boolean) => {
    placeholder.hidden = chosen;
    details.hidden = !chosen;
  };
  return { showDetails: () => show(true), showPlaceholder: () => show(false) };
}
