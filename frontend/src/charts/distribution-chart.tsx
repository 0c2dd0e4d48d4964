import type { Bin } from '../lib/distribution.ts';
import { Legend } from './legend.tsx';
import { extent, linearScale, niceTicks } from './scale.ts';

interface Props {
  reference: readonly Bin[];
  current: readonly Bin[];
  labels: { reference: string; current: string };
  format: (n: number) => string;
  title: string;
}

const WIDTH = 560;
const HEIGHT = 200;
const M = { left: 44, right: 12, top: 12, bottom: 24 };

/** Two histograms on one axis as step outlines: each batch has its own bin edges, so bars would not line up. */
export function DistributionChart({ reference, current, labels, format, title }: Props) {
  const xs = [...reference, ...current].flatMap((b) => [b.x0, b.x1]);
  const [x0, x1] = extent(xs);
  // Heights are densities (share per unit), so bins of different widths compare.
  const density = (b: Bin): number => (b.x1 > b.x0 ? b.share / (b.x1 - b.x0) : 0);
  const maxD = Math.max(1e-12, ...[...reference, ...current].map(density));
  const x = linearScale([x0, x1], [M.left, WIDTH - M.right]);
  const y = linearScale([0, maxD], [HEIGHT - M.bottom, M.top]);
  const path = (bins: readonly Bin[]): string =>
    bins.length === 0 ? '' : `M${x(bins[0]?.x0 ?? 0)},${y(0)} ` + bins.map((b) => `L${x(b.x0)},${y(density(b))} L${x(b.x1)},${y(density(b))}`).join(' ') + ` L${x(bins.at(-1)?.x1 ?? 0)},${y(0)}`;
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <title>{title}</title>
        <path d={path(reference)} class="series-ref" />
        <path d={path(current)} class="series-cur" />
        <line x1={M.left} x2={WIDTH - M.right} y1={y(0)} y2={y(0)} class="axis" />
        {niceTicks(x0, x1, 5).map((t) => (
          <text key={t} x={x(t)} y={HEIGHT - M.bottom + 14} text-anchor="middle" class="tick">
            {format(t)}
          </text>
        ))}
      </svg>
      {reference.length > 0 && <Legend reference={labels.reference} current={labels.current} />}
    </figure>
  );
}
