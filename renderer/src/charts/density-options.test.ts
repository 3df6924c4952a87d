import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, type CompareScenario } from '../../../shared/scenario';
import { computeDensity, hostMemoryCapacityMiB } from '../../../shared/sim/compare-model';
import { CURVE_SIZES_MIB, densityCurve, densityCurveOption } from './density-curve-option';
import {
  densityPackingOption,
  hostPacking,
  packingCells,
  PACKING_PARTS,
  type Translate,
} from './density-packing-option';

/** Echoes the key and its parameters, so tests see what the builder asked for. */
const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);
const scenario = defaultCompareScenario();
const ids = scenario.platforms.map((p) => p.id);

describe('host packing', () => {
  it('takes the count, the binding resource and the per-instance memory from computeDensity', () => {
    for (const id of ids) {
      const packing = hostPacking(scenario, id);
      expect(packing.density).toEqual(computeDensity(scenario, id));
      expect(packing.appMiB + packing.overheadMiB).toBe(packing.density.perInstanceMiB);
      expect(packing.capacityMiB).toBe(hostMemoryCapacityMiB(scenario));
    }
  });

  it('lays out one application and one overhead block per instance, then the leftover', () => {
    const packings = ids.map((id) => hostPacking(scenario, id));
    const cells = packingCells(packings);
    const total = packings.reduce((sum, p) => sum + p.density.instances, 0);
    expect(cells.app).toHaveLength(total);
    expect(cells.overhead).toHaveLength(total);
    expect(cells.cpu).toHaveLength(total);
    packings.forEach((p, i) => {
      const mine = cells.overhead.filter((c) => c[5] === i);
      const filled = (p.density.instances * p.density.perInstanceMiB * 100) / p.capacityMiB;
      expect(mine.at(-1)![2]).toBeCloseTo(filled, 1);
      const free = cells.freeMemory.find((c) => c[5] === i);
      if (free) expect(free[1]).toBeCloseTo(filled, 1);
      // The binding resource is (nearly) full: another instance would not fit.
      const cpuUsed = (p.density.instances * p.cpuPerInstance * 100) / p.cores;
      if (p.density.binding === 'cpu')
        expect(cpuUsed + (p.cpuPerInstance * 100) / p.cores).toBeGreaterThan(100);
      else expect(filled + (p.density.perInstanceMiB * 100) / p.capacityMiB).toBeGreaterThan(100);
    });
  });

  it('builds one custom series per part plus the labels, fills in order, and can skip the animation', () => {
    const packings = ids.map((id) => hostPacking(scenario, id));
    const input = {
      packings,
      t,
      locale: 'en',
      fillKey: 'k1',
      textColor: '#000',
      labelBackground: '#fff',
      overheadSources: {},
    };
    const option = densityPackingOption({ ...input, animate: true });
    const series = option.series as Array<{
      id: string;
      data: unknown[];
      animationDelay: (i: number) => number;
    }>;
    expect(series.map((s) => s.id)).toEqual([...PACKING_PARTS.map((p) => `${p}-k1`), 'labels-k1']);
    const app = series[0]!;
    expect(app.animationDelay(0)).toBe(0);
    expect(app.animationDelay(5)).toBeGreaterThan(app.animationDelay(4));
    expect(densityPackingOption({ ...input, animate: false }).animation).toBe(false);
    expect((option.yAxis as { data: string[] }).data).toHaveLength(2 * ids.length);
  });
});

describe('density curve', () => {
  it('is computeDensity on copies of the scenario, one point per size, with the scenario size included', () => {
    const withOddSize: CompareScenario = {
      ...scenario,
      workload: { ...scenario.workload, appMemoryMiB: 300 },
    };
    const before = JSON.stringify(withOddSize);
    const curves = densityCurve(withOddSize, ids);
    expect(JSON.stringify(withOddSize)).toBe(before);
    for (const id of ids) {
      const points = curves[id]!;
      expect(points).toHaveLength(CURVE_SIZES_MIB.length + 1);
      expect(points.map((p) => p.appMiB)).toContain(300);
      for (const point of points) {
        const copy = { ...withOddSize, workload: { ...withOddSize.workload, appMemoryMiB: point.appMiB } };
        const density = computeDensity(copy, id);
        expect(point).toEqual({
          appMiB: point.appMiB,
          instances: density.instances,
          binding: density.binding,
        });
      }
      // Bigger instances never fit more.
      for (let i = 1; i < points.length; i++)
        expect(points[i]!.instances).toBeLessThanOrEqual(points[i - 1]!.instances);
    }
    // Functions reserve CPU in proportion to memory, so CPU binds them at every size.
    expect(curves['faas-microvm']!.every((p) => p.binding === 'cpu')).toBe(true);
    expect(curves.kvm!.at(-1)!.binding).toBe('memory');
  });

  it('marks the scenario size on each line and says which resource binds in each point', () => {
    const curves = densityCurve(scenario, ids);
    const option = densityCurveOption({ scenario, platforms: ids, curves, t, locale: 'en' });
    const series = option.series as Array<{
      data: Array<{ value: [number, number, string]; symbol: string }>;
      markPoint?: { data: Array<{ coord: [number, number] }> };
    }>;
    expect(series).toHaveLength(ids.length);
    ids.forEach((id, i) => {
      expect(series[i]!.markPoint!.data[0]!.coord).toEqual([256, computeDensity(scenario, id).instances]);
      for (const point of series[i]!.data)
        expect(point.symbol).toBe(point.value[2] === 'cpu' ? 'triangle' : 'circle');
    });
  });
});
