import { extent, linearScale, niceTicks } from './scale.ts';

interface Props {
  points: ReadonlyArray<{ label: string; value: number | null; flagged: boolean }>;
  threshold: number | null;
  format: (n: number) => string;
  title: string;
}

const WIDTH = 560;
const HEIGHT = 200;
const M = { left: 50, right: 12, top: 12, bottom: 44 };

/** A statistic over the batches, with the threshold as a dashed line; flagged points are drawn red. */
export function LineChart({ points, threshold, format, title }: Props) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const [lo, hi] = extent(values, threshold === null ? [0] : [0, threshold]);
  const x = linearScale([0, Math.max(1, points.length - 1)], [M.left, WIDTH - M.right]);
  const y = linearScale([lo, hi * 1.05 || 1], [HEIGHT - M.bottom, M.top]);
  const d = points
    .map((p, i) => (p.value === null ? null : `${x(i)},${y(p.value)}`))
    .filter((s) => s !== null)
    .join(' L');
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
      <title>{title}</title>
      {niceTicks(lo, hi * 1.05 || 1, 4).map((t) => (
        <g key={t}>
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} class="grid" />
          <text x={M.left - 4} y={y(t) + 4} text-anchor="end" class="tick">
            {format(t)}
          </text>
        </g>
      ))}
      {threshold !== null && <line x1={M.left} x2={WIDTH - M.right} y1={y(threshold)} y2={y(threshold)} class="threshold" />}
      {d !== '' && <path d={`M${d}`} class="series-cur" />}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle key={p.label} cx={x(i)} cy={y(p.value)} r={4} class={p.flagged ? 'point flagged' : 'point'}>
            <title>{`${p.label}: ${format(p.value)}`}</title>
          </circle>
        ),
      )}
      {points.map((p, i) => (
        <text key={p.label} x={x(i)} y={HEIGHT - M.bottom + 16} text-anchor="middle" class="tick">
          {p.label.replace(/^.*-(b\d+)$/, '$1')}
        </text>
      ))}
    </svg>
  );
}
