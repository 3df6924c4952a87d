/**
 * First-fit placement over many hosts in O(log hosts): a segment tree keeps, for every
 * range of hosts, the largest free memory and the largest free CPU among them. The
 * leftmost host with enough of both is found by descending into the left child first and
 * backtracking when a subtree's maxima come from different hosts (rare: instances of one
 * platform are alike). Hosts are numbered from 0; a host's free capacity is updated with
 * set() after every placement or release.
 */
export class FirstFitTree {
  private readonly leaves: number;
  private readonly memory: Float64Array;
  private readonly cpu: Float64Array;

  constructor(
    readonly hosts: number,
    freeMemory: number,
    freeCpu: number,
  ) {
    let leaves = 1;
    while (leaves < hosts) leaves *= 2;
    this.leaves = leaves;
    this.memory = new Float64Array(2 * leaves).fill(-Infinity);
    this.cpu = new Float64Array(2 * leaves).fill(-Infinity);
    for (let i = 0; i < hosts; i++) {
      this.memory[leaves + i] = freeMemory;
      this.cpu[leaves + i] = freeCpu;
    }
    for (let node = leaves - 1; node >= 1; node--) this.pull(node);
  }

  set(host: number, freeMemory: number, freeCpu: number): void {
    let node = this.leaves + host;
    this.memory[node] = freeMemory;
    this.cpu[node] = freeCpu;
    for (node >>= 1; node >= 1; node >>= 1) this.pull(node);
  }

  /** Leftmost host with at least `memory` and `cpu` free (a 1e-9 tolerance), or -1. */
  findFirst(memory: number, cpu: number): number {
    const m = memory - 1e-9;
    const c = cpu - 1e-9;
    return this.search(1, m, c);
  }

  private search(node: number, m: number, c: number): number {
    if (this.memory[node]! < m || this.cpu[node]! < c) return -1;
    if (node >= this.leaves) return node - this.leaves;
    const left = this.search(2 * node, m, c);
    return left >= 0 ? left : this.search(2 * node + 1, m, c);
  }

  private pull(node: number): void {
    const l = 2 * node;
    const r = l + 1;
    this.memory[node] = Math.max(this.memory[l]!, this.memory[r]!);
    this.cpu[node] = Math.max(this.cpu[l]!, this.cpu[r]!);
  }
}
