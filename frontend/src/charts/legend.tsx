/** The two samples' names under a chart, in HTML so long batch names wrap instead of overlapping. */
export function Legend({ reference, current }: { reference: string; current: string }) {
  return (
    <p class="legend">
      <span class="swatch ref" aria-hidden="true" /> {reference} <span class="swatch cur" aria-hidden="true" /> {current}
    </p>
  );
}
