import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../scenario';
import { CALIBRATION, calibrated, type CalibrationId } from './calibration';
import { distributionMedian } from './distributions';
import { MODEL_CALIBRATION_IDS } from './model-constants';
import {
  PLATFORM_PRESETS,
  costBasis,
  cpuRequestCores,
  getPlatformPreset,
  medianStartMs,
  resolvePreset,
} from './platforms';

describe('CALIBRATION', () => {
  const entries = Object.entries(CALIBRATION);

  it('has a finite value, a unit, a source and a sane override range for every entry', () => {
    for (const [id, entry] of entries) {
      expect(Number.isFinite(entry.value), id).toBe(true);
      expect(entry.unit.length, id).toBeGreaterThan(0);
      expect(entry.source.length, id).toBeGreaterThan(0);
      const e = entry as { min?: number; max?: number };
      const min = e.min ?? 0;
      const max = e.max ?? 1e12;
      expect(entry.value, `${id} default inside its override range`).toBeGreaterThanOrEqual(min);
      expect(entry.value, `${id} default inside its override range`).toBeLessThanOrEqual(max);
    }
  });

  it('gives every assumption a one-line reason', () => {
    const assumptions = entries.filter(([, e]) => 'assumption' in e && e.assumption === true);
    expect(assumptions.length).toBeGreaterThan(20);
    for (const [id, entry] of assumptions) {
      expect('note' in entry && typeof entry.note === 'string' && entry.note.length > 20, id).toBe(true);
      expect('note' in entry && String(entry.note).includes('\n'), id).toBe(false);
    }
  });

  it('derives the factors from the published figures', () => {
    expect(calibrated('kvm.cpuSlowdownTuned')).toBeCloseTo(290.8 / 284.2, 12);
    expect(calibrated('kvm.cpuSlowdownTuned')).toBeCloseTo(1.0232, 4);
    expect(calibrated('kvm.cpuSlowdownUntuned')).toBeCloseTo(1.2051, 4);
    expect(calibrated('kvm.memorySlowdown')).toBeCloseTo(1 / 0.98, 12); // STREAM -2%
    expect(calibrated('kvm.randomIoFactor')).toBe(0.5);
    expect(calibrated('kvm.requestLatency')).toBe(0.03);
    expect(calibrated('docker.cpuSlowdown')).toBe(1);
    expect(calibrated('firecracker.cpuSlowdown')).toBeCloseTo(1 / 0.95, 12);
    expect(calibrated('firecracker.randomIoFactor')).toBeCloseTo(13_000 / 340_000, 12);
    expect(calibrated('gvisor.syscallSlowdown')).toBe(2.2);
    expect(calibrated('jvm.interpretedSlowdown')).toBe(55);
    expect(calibrated('lambda.pricePerGbSecond')).toBe(0.0000166667);
    expect(calibrated('lambda.pricePerMillionRequests')).toBe(0.2);
    // The Lambda cold-start parts add up to the measured end-to-end figure.
    expect(
      calibrated('firecracker.vmmStartTime') +
        calibrated('firecracker.bootTime') +
        calibrated('faas.runtimeInit') +
        calibrated('faas.codeLoad'),
    ).toBe(calibrated('lambda.coldStartMedian'));
  });
});

describe('platform presets', () => {
  it('exist for every platform id, with display metadata', () => {
    const colors = new Set<string>();
    for (const id of PLATFORM_IDS) {
      const preset = getPlatformPreset(id);
      expect(preset.id).toBe(id);
      expect(preset.displayName.length).toBeGreaterThan(3);
      expect(preset.shortName.length, id).toBeLessThanOrEqual(14);
      expect(preset.color).toMatch(/^#[0-9A-F]{6}$/);
      colors.add(preset.color);
    }
    expect(colors.size).toBe(PLATFORM_IDS.length);
    expect(PLATFORM_PRESETS.virtualbox.category).toBe('type-2 hypervisor');
    expect(PLATFORM_PRESETS.gvisor.category).toBe('sandboxed container');
    expect(PLATFORM_PRESETS['jvm-jit'].category).toBe('process VM');
  });

  it('list only calibration ids that exist, none of them model-wide', () => {
    for (const preset of Object.values(PLATFORM_PRESETS)) {
      expect(preset.calibrationIds.length, preset.id).toBeGreaterThanOrEqual(5);
      for (const id of preset.calibrationIds) {
        expect(CALIBRATION[id as CalibrationId], id).toBeDefined();
        expect(MODEL_CALIBRATION_IDS.includes(id), id).toBe(false);
      }
    }
  });

  it('bill functions by their provider and every other platform by its share of the host', () => {
    for (const id of PLATFORM_IDS) {
      const expected = id.startsWith('faas-') ? 'provider-billing' : 'host-share';
      expect(costBasis(getPlatformPreset(id)), id).toBe(expected);
    }
  });

  it('use bare metal as the baseline: no overhead anywhere', () => {
    const native = PLATFORM_PRESETS['bare-metal'];
    expect(native).toMatchObject({
      cpuSlowdown: 1,
      memoryBoundSlowdown: 1,
      syscallSlowdown: 1,
      memoryOverheadMiB: 0,
      idleCpuCores: 0,
      randomIoFactor: 1,
      sequentialIoFactor: 1,
      networkLatencyMs: 0,
      networkCpuUsPerKiB: 0,
      warmStartMs: 0,
    });
    expect(medianStartMs(native)).toBe(1); // fork/exec
  });

  it('build KVM from Felter (tuned) and QEMU figures', () => {
    const kvm = PLATFORM_PRESETS.kvm;
    expect(kvm.cpuSlowdown).toBeCloseTo(290.8 / 284.2, 12);
    expect(kvm.memoryBoundSlowdown).toBeCloseTo(1 / 0.98, 12);
    expect(kvm.memoryOverheadMiB).toBe(512 + 131);
    expect(kvm.idleCpuCores).toBe(0.01);
    expect(kvm.randomIoFactor).toBe(0.5);
    expect(kvm.sequentialIoFactor).toBe(1);
    expect(kvm.networkLatencyMs).toBe(0.03);
    expect(distributionMedian(kvm.startTimeMs)).toBeCloseTo(8000, 6);
    expect(cpuRequestCores(kvm, 256)).toBe(1);
    expect(kvm.scaling).toEqual({
      mode: 'autoscaled',
      syncPeriodS: 15,
      targetUtilization: 0.7,
      tolerance: 0.1,
      scaleDownStabilizationS: 300,
    });
    expect(kvm.calibrationIds).toContain('qemu.vmmMemory');
    expect(kvm.calibrationIds).toContain('kvm.cpuSlowdownUntuned');
  });

  it('make untuned KVM available as an override', () => {
    const untuned = resolvePreset('kvm', { 'kvm.tuned': 0 });
    expect(untuned.cpuSlowdown).toBeCloseTo(290.8 / 241.3, 12);
    expect(PLATFORM_PRESETS.kvm.cpuSlowdown).toBeCloseTo(290.8 / 284.2, 12); // defaults untouched
    const bigGuest = resolvePreset('kvm', { 'vm.guestOsMemory': 1024 });
    expect(bigGuest.memoryOverheadMiB).toBe(1024 + 131);
    expect(() => resolvePreset('kvm', { 'no.such': 1 })).toThrow(/unknown constant "no.such"/);
    expect(resolvePreset('kvm', {})).toBe(PLATFORM_PRESETS.kvm);
  });

  it('build the other type-1 hypervisors from assumptions scaled on KVM and Xen', () => {
    for (const id of ['xen', 'esxi', 'hyper-v'] as const) {
      const p = PLATFORM_PRESETS[id];
      expect(p.category).toBe('type-1 hypervisor');
      expect(p.cpuSlowdown).toBe(1.03);
      expect(p.randomIoFactor).toBeGreaterThan(0.5); // in-kernel backends beat QEMU's 0.5x
      expect(p.memoryOverheadMiB).toBeLessThan(PLATFORM_PRESETS.kvm.memoryOverheadMiB);
      for (const cid of p.calibrationIds) {
        if (cid.startsWith('xen.') || cid.startsWith('esxi.') || cid.startsWith('hyperv.'))
          expect((CALIBRATION[cid] as { assumption?: boolean }).assumption, cid).toBe(true);
      }
    }
  });

  it('tax type-2 hypervisors on top of untuned KVM: CPU, host-OS memory, I/O, network', () => {
    const vbox = PLATFORM_PRESETS.virtualbox;
    expect(vbox.cpuSlowdown).toBeCloseTo((290.8 / 241.3) * 1.08, 12);
    expect(PLATFORM_PRESETS['vmware-workstation'].cpuSlowdown).toBeCloseTo((290.8 / 241.3) * 1.05, 12);
    expect(vbox.hostReservedExtraMiB).toBe(2048);
    expect(vbox.memoryOverheadMiB).toBe(512 + 160);
    expect(vbox.randomIoFactor).toBe(0.3);
    expect(vbox.networkLatencyMs).toBe(0.1);
    expect(distributionMedian(vbox.startTimeMs)).toBeCloseTo(12_000, 6);
  });

  it('build Firecracker from its specification', () => {
    const fc = PLATFORM_PRESETS.firecracker;
    expect(fc.cpuSlowdown).toBeCloseTo(1 / 0.95, 12);
    expect(fc.memoryOverheadMiB).toBe(5 + 32);
    expect(fc.randomIoFactor).toBeCloseTo(13_000 / 340_000, 12);
    expect(fc.networkBandwidthCapGbps).toBe(15);
    expect(medianStartMs(fc)).toBe(12 + 125);
    expect(fc.startParts.map((p) => p.label)).toEqual(['VMM start', 'guest boot']);
  });

  it('build runc and gVisor: native compute, gVisor taxes system calls at >= 2.2x', () => {
    const runc = PLATFORM_PRESETS.runc;
    expect(runc.cpuSlowdown).toBe(1);
    expect(runc.memoryOverheadMiB).toBe(5.2);
    expect(runc.idleCpuCores).toBe(0);
    expect(runc.randomIoFactor).toBe(1);
    expect(runc.networkLatencyMs).toBe(0.037); // Docker NAT ~2x native 37 us
    expect(distributionMedian(runc.startTimeMs)).toBeCloseTo(568, 6);
    expect(cpuRequestCores(runc, 256)).toBe(0.25);
    const gvisor = PLATFORM_PRESETS.gvisor;
    expect(gvisor.cpuSlowdown).toBe(1);
    expect(gvisor.syscallSlowdown).toBe(2.2);
    expect(gvisor.memoryOverheadMiB).toBeCloseTo(5.2 + 30, 12);
  });

  it('build functions with cold start = sandbox + runtime init + code load, and a warm overhead', () => {
    const lambda = PLATFORM_PRESETS['faas-microvm'];
    expect(lambda.startParts.map((p) => [p.label, p.ms])).toEqual([
      ['sandbox: VMM start', 12],
      ['sandbox: guest boot', 125],
      ['runtime init', 98],
      ['code load', 30],
    ]);
    expect(distributionMedian(lambda.startTimeMs)).toBeCloseTo(265, 9);
    expect(lambda.warmStartMs).toBe(25);
    expect(lambda.memoryOverheadMiB).toBe(5 + 32);
    expect(lambda.scaling).toMatchObject({
      mode: 'per-request',
      keepAliveFallbackS: 600,
      billingGranularityMs: 1,
    });
    expect(cpuRequestCores(lambda, 1769)).toBe(1);
    const whisk = PLATFORM_PRESETS['faas-container'];
    expect(medianStartMs(whisk)).toBe(250 + 98 + 30);
    expect(whisk.warmStartMs).toBe(20);
    expect(whisk.memoryOverheadMiB).toBe(5.2);
  });

  it('build process VMs: the JVM interpreter at 55x, JIT warm-up, WINE taxing Win32 calls', () => {
    expect(PLATFORM_PRESETS['jvm-interpreted'].cpuSlowdown).toBe(55);
    const jit = PLATFORM_PRESETS['jvm-jit'];
    expect(jit.cpuSlowdown).toBe(1);
    expect(jit.jit).toEqual({ interpretedSlowdown: 55, jitSlowdown: 1, warmupWorkS: 0.25 });
    expect(jit.memoryOverheadMiB).toBe(64);
    expect(medianStartMs(jit)).toBe(1 + 500);
    const wine = PLATFORM_PRESETS.wine;
    expect(wine.cpuSlowdown).toBe(1);
    expect(wine.syscallSlowdown).toBe(1.5);
  });

  it('are frozen, so a caller cannot change the defaults for everyone', () => {
    expect(Object.isFrozen(PLATFORM_PRESETS)).toBe(true);
    expect(Object.isFrozen(PLATFORM_PRESETS.kvm)).toBe(true);
    expect(Object.isFrozen(PLATFORM_PRESETS.kvm.scaling)).toBe(true);
    expect(Object.isFrozen(resolvePreset('kvm', { 'kvm.tuned': 0 }).startParts)).toBe(true);
  });
});
