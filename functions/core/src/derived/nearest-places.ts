/**
 * Places on the Earth (latitude, longitude in degrees) carrying a count and a sum, and the two
 * questions a valuer asks of them about a location: the mean value of the k nearest items,
 * and how many items lie within a radius. Points are unit vectors in a k-d tree, where the
 * chord between two points orders them as the great-circle distance does.
 */
const EARTH_RADIUS_KM = 6_371;
const RAD = Math.PI / 180;

/** A place with the items located there: how many, and the sum of their values. */
export interface Place {
  readonly latitude: number;
  readonly longitude: number;
  readonly count: number;
  readonly sum: number;
}

interface Node {
  readonly place: number;
  readonly axis: number;
  readonly left: Node | null;
  readonly right: Node | null;
}

const unit = (latitude: number, longitude: number): [number, number, number] => {
  const la = latitude * RAD;
  const lo = longitude * RAD;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
};

/** The chord (in unit-sphere lengths) of a great-circle distance in km. */
const chordOfKm = (km: number): number => 2 * Math.sin(Math.min(km / EARTH_RADIUS_KM, Math.PI) / 2);

export class NearestPlaces {
  private readonly xyz: Float64Array;
  private readonly root: Node | null;

  constructor(private readonly places: readonly Place[]) {
    this.xyz = new Float64Array(places.length * 3);
    places.forEach((p, i) => this.xyz.set(unit(p.latitude, p.longitude), i * 3));
    this.root = this.build(places.map((_, i) => i), 0);
  }

  private build(ids: number[], depth: number): Node | null {
    if (ids.length === 0) return null;
    const axis = depth % 3;
    // Ties broken by index, so equal inputs build equal trees and answer equal numbers.
    ids.sort((a, b) => this.xyz[a * 3 + axis]! - this.xyz[b * 3 + axis]! || a - b);
    const mid = ids.length >> 1;
    return { place: ids[mid]!, axis, left: this.build(ids.slice(0, mid), depth + 1), right: this.build(ids.slice(mid + 1), depth + 1) };
  }

  private distance2(i: number, q: readonly number[]): number {
    const dx = this.xyz[i * 3]! - q[0]!;
    const dy = this.xyz[i * 3 + 1]! - q[1]!;
    const dz = this.xyz[i * 3 + 2]! - q[2]!;
    return dx * dx + dy * dy + dz * dz;
  }

  /**
   * The mean value of the k items nearest to a location, items of one place sharing its
   * mean; the farthest place needed counts for the weight still missing. NaN without items.
   */
  meanOfNearest(latitude: number, longitude: number, k: number): number {
    const q = unit(latitude, longitude);
    // The k nearest places hold at least k items (each holds one or more).
    const best: { place: number; d2: number }[] = [];
    const visit = (node: Node | null): void => {
      if (!node) return;
      const d2 = this.distance2(node.place, q);
      if (best.length < k || d2 < best[best.length - 1]!.d2 || (d2 === best[best.length - 1]!.d2 && node.place < best[best.length - 1]!.place)) {
        let at = best.length;
        while (at > 0 && (best[at - 1]!.d2 > d2 || (best[at - 1]!.d2 === d2 && best[at - 1]!.place > node.place))) at--;
        best.splice(at, 0, { place: node.place, d2 });
        if (best.length > k) best.pop();
      }
      const delta = q[node.axis]! - this.xyz[node.place * 3 + node.axis]!;
      const [near, far] = delta < 0 ? [node.left, node.right] : [node.right, node.left];
      visit(near);
      if (best.length < k || delta * delta <= best[best.length - 1]!.d2) visit(far);
    };
    visit(this.root);
    let weight = 0;
    let sum = 0;
    for (const { place } of best) {
      const p = this.places[place]!;
      const take = Math.min(p.count, k - weight);
      sum += (take * p.sum) / p.count;
      weight += take;
      if (weight >= k) break;
    }
    return weight === 0 ? Number.NaN : sum / weight;
  }

  /** How many items lie within `km` (great-circle distance, bound included) of a location. */
  countWithin(latitude: number, longitude: number, km: number): number {
    const q = unit(latitude, longitude);
    const r = chordOfKm(km);
    const r2 = r * r;
    let count = 0;
    const visit = (node: Node | null): void => {
      if (!node) return;
      if (this.distance2(node.place, q) <= r2) count += this.places[node.place]!.count;
      const delta = q[node.axis]! - this.xyz[node.place * 3 + node.axis]!;
      if (delta <= r) visit(node.left);
      if (delta >= -r) visit(node.right);
    };
    visit(this.root);
    return count;
  }
}
