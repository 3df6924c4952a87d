import { describe, expect, it } from 'vitest';
import { FirstFitTree } from './placement';
import { Random } from './random';

describe('first-fit placement tree', () => {
  it('always returns the leftmost host with room, like a linear scan', () => {
    const hosts = 37;
    const memory = new Float64Array(hosts).fill(1000);
    const cpu = new Float64Array(hosts).fill(8);
    const tree = new FirstFitTree(hosts, 1000, 8);
    const rng = new Random(9);
    for (let step = 0; step < 20_000; step++) {
      const m = 50 + rng.int(400);
      const c = rng.next() * 2;
      let expected = -1;
      for (let h = 0; h < hosts; h++) {
        if (memory[h]! >= m - 1e-9 && cpu[h]! >= c - 1e-9) {
          expected = h;
          break;
        }
      }
      expect(tree.findFirst(m, c)).toBe(expected);
      if (expected >= 0 && rng.next() < 0.6) {
        memory[expected]! -= m;
        cpu[expected]! -= c;
        tree.set(expected, memory[expected]!, cpu[expected]!);
      } else {
        const h = rng.int(hosts); // release something somewhere
        memory[h] = Math.min(1000, memory[h]! + m);
        cpu[h] = Math.min(8, cpu[h]! + c);
        tree.set(h, memory[h]!, cpu[h]!);
      }
    }
  });

  it('handles 10,000 hosts', () => {
    const tree = new FirstFitTree(10_000, 100, 1);
    for (let h = 0; h < 9_999; h++) tree.set(h, 0, 1);
    expect(tree.findFirst(50, 1)).toBe(9_999);
    expect(tree.findFirst(101, 1)).toBe(-1);
  });
});
