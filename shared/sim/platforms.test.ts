import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../scenario';
import { CALIBRATION, calibrated, type CalibrationId } from './calibration';
import { distributionMedian } from './distributions';
import { PLATFORM_PRESETS, cpuRequestCores, getPlatformPreset } from './platforms';

describe('CALIBRATION', () => {
  const entries = Object.entries(CALIBRATION);

  it('has a finite value, a unit and a source for every entry', () => {
    for (const [id, entry] of entries) {
      expect(Number.isFinite(entry.value), id).toBe(true);
      expect(entry.unit.length, id).toBeGreaterThan(0);
      expect(entry.source.length, id).toBeGreaterThan(0);
    }
  });

  it('gives every assumption a one-line reason', () => {
    const assumptions = entries.filter(([, e]) => 'assumption' in e && e.assumption === true);
    expect(assumptions.length).toBeGreaterThan(0);
    for (const [id, entry] of assumptions) {
      expect('note' in entry && entry.note.length > 20, id).toBe(true);
    }
  });

  it('derives the CPU factors from the published figures', () => {
    expect(calibrated('kvm.cpuSlowdownTuned')).toBeCloseTo(290.8 / 284.2, 12);
    expect(calibrated('kvm.cpuSlowdownTuned')).toBeCloseTo(1.0232, 4);
    expect(calibrated('kvm.cpuSlowdownUntuned')).toBeCloseTo(1.2051, 4);
    expect(calibrated('docker.cpuSlowdown')).toBe(1);
    expect(calibrated('firecracker.cpuSlowdown')).toBeCloseTo(1 / 0.95, 12);
  });
});

describe('platform presets', () => {
  it('exist for every platform id', () => {
    for (const id of PLATFORM_IDS) expect(getPlatformPreset(id).id).toBe(id);
  });

  it('list only calibration ids that exist, and at least one per preset', () => {
    for (const preset of Object.values(PLATFORM_PRESETS)) {
      expect(preset.calibrationIds.length).toBeGreaterThan(3);
      for (const id of preset.calibrationIds) expect(CALIBRATION[id as CalibrationId], id).toBeDefined();
    }
  });

  it('build the VM from KVM + QEMU figures', () => {
    const vm = PLATFORM_PRESETS.vm;
    expect(vm.cpuSlowdown).toBeCloseTo(290.8 / 284.2, 12);
    expect(vm.memoryOverheadMiB).toBe(512 + 131);
    expect(vm.idleCpuCores).toBe(0.01);
    expect(distributionMedian(vm.startTimeMs)).toBeCloseTo(8000, 6);
    expect(cpuRequestCores(vm, 256)).toBe(1);
    expect(vm.scaling).toEqual({ mode: 'autoscaled', syncPeriodS: 15, targetUtilization: 0.7 });
    expect(vm.calibrationIds).toContain('qemu.vmmMemory');
  });

  it('build the container from Docker / containerd figures', () => {
    const container = PLATFORM_PRESETS.container;
    expect(container.cpuSlowdown).toBe(1);
    expect(container.memoryOverheadMiB).toBe(5.2);
    expect(container.idleCpuCores).toBe(0);
    expect(distributionMedian(container.startTimeMs)).toBeCloseTo(568, 6);
    expect(cpuRequestCores(container, 256)).toBe(0.25);
  });

  it('build serverless from Firecracker and Lambda figures', () => {
    const fn = PLATFORM_PRESETS.serverless;
    expect(fn.cpuSlowdown).toBeCloseTo(1 / 0.95, 12);
    expect(fn.memoryOverheadMiB).toBe(5 + 32);
    expect(distributionMedian(fn.startTimeMs)).toBeCloseTo(265, 6);
    expect(fn.perRequestLatencyMs).toBe(25);
    expect(fn.scaling).toEqual({ mode: 'per-request', keepAliveS: 600, concurrencyPerInstance: 1 });
    expect(cpuRequestCores(fn, 1769)).toBe(1);
  });

  it('are frozen, so a caller cannot change the defaults for everyone', () => {
    expect(Object.isFrozen(PLATFORM_PRESETS.vm)).toBe(true);
    expect(Object.isFrozen(PLATFORM_PRESETS.vm.scaling)).toBe(true);
  });
});
