/** Disjoint sets over 0..n-1 with path halving and union by size. */
export class UnionFind {
  private readonly parent: Uint32Array;
  private readonly size: Uint32Array;
  constructor(n: number) {
    this.parent = Uint32Array.from({ length: n }, (_, i) => i);
    this.size = new Uint32Array(n).fill(1);
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
  }

  /** Groups of two or more members, each in ascending order, ordered by their first member. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      if (this.size[root] < 2) continue;
      let group = byRoot.get(root);
      if (!group) byRoot.set(root, (group = []));
      group.push(i);
    }
    return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
  }
}
