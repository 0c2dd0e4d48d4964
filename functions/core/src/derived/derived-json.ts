import { type } from 'arktype';
import { err, ok, type Result } from '../errors/result.ts';
import { lookupFeature, rangesFeature, type DerivedFeature } from './derived-feature.ts';

/**
 * The derived features of a model as its bundle stores them (derived_features.json): each
 * rule with its whole table, so that explanations compute exactly what the graph computed
 * at training, whatever version of a table package is installed later.
 */
const derivedFeatureJson = type({
  name: 'string > 0',
  source: 'string > 0',
  rule: type({ op: "'lookup'", table: type.Record('string', 'number') }).or({
    op: "'ranges'",
    groups: type({ name: 'string > 0', ranges: type(['number', 'number']).array() }).array(),
    otherwise: 'string > 0',
    otherPrefixes: 'string[]',
  }),
}).array();

type DerivedFeatureJson = typeof derivedFeatureJson.infer;

/** The stored form of derived features: tables as plain objects, keys sorted so that equal rules write equal files. */
export function derivedToJson(features: readonly DerivedFeature[]): DerivedFeatureJson {
  return features.map((f) => ({
    name: f.name,
    source: f.source,
    rule:
      f.rule.op === 'lookup'
        ? { op: 'lookup' as const, table: Object.fromEntries([...f.rule.table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }
        : { op: 'ranges' as const, groups: f.rule.groups.map((g) => ({ name: g.name, ranges: g.ranges.map(([lo, hi]) => [lo, hi] as [number, number]) })), otherwise: f.rule.otherwise, otherPrefixes: [...f.rule.otherPrefixes] },
  }));
}

/** Derived features read back from derived_features.json, or what is wrong with it. */
export function derivedFromJson(json: unknown): Result<DerivedFeature[], string> {
  const out = derivedFeatureJson(json);
  if (out instanceof type.errors) return err(`derived_features.json: ${out.summary}`);
  return ok(
    out.map((f) =>
      f.rule.op === 'lookup'
        ? lookupFeature(f.name, f.source, new Map(Object.entries(f.rule.table)))
        : rangesFeature(f.name, f.source, f.rule.groups, f.rule.otherwise, f.rule.otherPrefixes),
    ),
  );
}
