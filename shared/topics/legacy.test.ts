import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_PRESETS, medianStartMs } from '../sim/platforms';
import {
  LEGACY_APPS,
  LEGACY_CONSTANTS,
  LEGACY_PRESETS,
  TECHNIQUE_IDS,
  compareVersions,
  compatibilityMatrix,
  createLegacySimulation,
  defaultLegacyHost,
  defaultLegacyScenario,
  evaluateCompatibility,
  parseLegacyScenario,
  type LegacyApp,
  type LegacyHost,
  type LegacyScenario,
  type TechniqueId,
} from './legacy';
import type { TopicEvent, TopicFrame } from './types';

const host = defaultLegacyHost(); // x86-64 Linux 6.8, vsyscall=xonly
const SLOW = LEGACY_CONSTANTS['tcg.slowdown'].value;
const evalOn = (app: LegacyApp, t: TechniqueId, h: LegacyHost = host, slow = SLOW) =>
  evaluateCompatibility(app, t, h, slow);

describe('legacy compatibility rules', () => {
  it('Windows XP app on an x86-64 Linux host: VM works, container fails (shared Linux kernel), WINE with caveats', () => {
    const xp = LEGACY_APPS.windowsXpLob;
    const vm = evalOn(xp, 'type1-vm');
    expect(vm.status).not.toBe('fails');
    expect(vm.text.startsWith('works')).toBe(true);
    expect(vm.performanceFactor).toBeCloseTo(
      0.8 * PLATFORM_PRESETS.kvm.cpuSlowdown + 0.2 * PLATFORM_PRESETS.kvm.syscallSlowdown,
      6,
    );
    expect(vm.startS).toBeCloseTo(medianStartMs(PLATFORM_PRESETS.kvm) / 1000, 6);
    const ct = evalOn(xp, 'container');
    expect(ct.status).toBe('fails');
    expect(ct.text).toBe(
      "fails: a container shares the host's Linux kernel: Windows binaries need the Windows NT kernel",
    );
    expect(ct.performanceFactor).toBeNull();
    const wine = evalOn(xp, 'api-translation');
    expect(wine.status).toBe('caveats');
    expect(wine.text).toMatch(/^works: /);
    // WINE: native compute, system calls through the translation (wine preset: 1.5x), 20% syscalls.
    const w = PLATFORM_PRESETS.wine;
    expect(wine.performanceFactor).toBeCloseTo(0.8 * w.cpuSlowdown + 0.2 * w.syscallSlowdown, 6);
    expect(wine.startS).toBeCloseTo(medianStartMs(w) / 1000, 6);
  });

  it('WINE fails for a driver-dependent Windows app, which still runs in a VM', () => {
    const dongle = LEGACY_APPS.windowsXpDongle;
    const wine = evalOn(dongle, 'api-translation');
    expect(wine.status).toBe('fails');
    expect(wine.reasons).toContain(
      'WINE runs Windows programs in user space: it cannot load their kernel-mode drivers (hardlock.sys)',
    );
    const vm = evalOn(dongle, 'type1-vm');
    expect(vm.status).toBe('caveats');
    expect(vm.caveats).toContain('pass the USB dongle through to the guest');
  });

  it('SPARC Solaris on x86-64: only emulation works, at the emulation slowdown', () => {
    const sparc = LEGACY_APPS.solarisSparc;
    const results = TECHNIQUE_IDS.map((t) => [t, evalOn(sparc, t).status] as const);
    expect(results.filter(([, s]) => s !== 'fails').map(([t]) => t)).toEqual(['emulation']);
    const emu = evalOn(sparc, 'emulation');
    expect(emu.performanceFactor).toBe(SLOW);
    expect(emu.startS).toBeCloseTo((medianStartMs(PLATFORM_PRESETS.kvm) / 1000) * SLOW, 6);
    expect(evalOn(sparc, 'emulation', host, 15).performanceFactor).toBe(15);
    expect(evalOn(sparc, 'type1-vm').reasons[0]).toContain(
      "hardware virtualization runs only the host's own instruction set",
    );
    // On a SPARC host a VM would do.
    expect(evalOn(sparc, 'type1-vm', { ...host, isa: 'sparc' }).status).not.toBe('fails');
  });

  it('RHEL 5 in a container on a new kernel works, with the vsyscall caveat of its old glibc', () => {
    const rhel = LEGACY_APPS.rhel5Service;
    const ct = evalOn(rhel, 'container');
    expect(ct.status).toBe('caveats');
    expect(ct.caveats).toHaveLength(1);
    expect(ct.caveats[0]).toMatch(/^vsyscall: glibc 2\.5 calls the legacy vsyscall page/);
    expect(ct.performanceFactor).toBe(PLATFORM_PRESETS.runc.cpuSlowdown);
    expect(ct.startS).toBeCloseTo(medianStartMs(PLATFORM_PRESETS.runc) / 1000, 6);
    // A host booted with vsyscall=none breaks it; vsyscall=emulate is the fix.
    const none = evalOn(rhel, 'container', { ...host, vsyscall: 'none' });
    expect(none.status).toBe('fails');
    expect(none.text).toContain('boot the host with vsyscall=emulate');
    expect(evalOn(rhel, 'container', { ...host, vsyscall: 'emulate' }).status).toBe('caveats');
    // A glibc new enough needs no vsyscall page: plain "works".
    const modern: LegacyApp = { ...rhel, os: { ...rhel.os, glibc: '2.17', kernelVersion: '3.10' } };
    expect(evalOn(modern, 'container').text).toBe('works');
    // Userspace newer than the host kernel fails.
    const future: LegacyApp = { ...rhel, os: { ...rhel.os, glibc: '2.39', kernelVersion: '7.1' } };
    expect(evalOn(future, 'container').status).toBe('fails');
    // Its own kernel module cannot go into the shared host kernel.
    expect(evalOn(LEGACY_APPS.rhel5Fax, 'container').reasons[0]).toContain('no stable in-kernel ABI');
  });

  it('a paravirtualised guest needs a modified kernel: fails for an unmodified OS', () => {
    const pvXp = evalOn(LEGACY_APPS.windowsXpLob, 'paravirt');
    expect(pvXp.status).toBe('fails');
    expect(pvXp.reasons[0]).toContain('an unmodified OS cannot run paravirtualised');
    // RHEL 5 shipped a Xen PV kernel.
    const pvRhel = evalOn(LEGACY_APPS.rhel5Service, 'paravirt');
    expect(pvRhel.status).toBe('caveats');
    expect(pvRhel.performanceFactor).toBeCloseTo(PLATFORM_PRESETS.xen.cpuSlowdown, 6);
    // PV needs no VT-x; full VMs do.
    const noVtx = { ...host, hardwareVirtualization: false };
    expect(evalOn(LEGACY_APPS.rhel5Service, 'paravirt', noVtx).status).toBe('caveats');
    expect(evalOn(LEGACY_APPS.rhel5Service, 'type1-vm', noVtx).status).toBe('fails');
  });

  it('DOS: VMs and emulation run real mode; containers and WINE cannot; an ISA card defeats everything', () => {
    const dos = LEGACY_APPS.dosInventory;
    expect(evalOn(dos, 'type1-vm').caveats.some((c) => c.includes('busy loop'))).toBe(true);
    expect(evalOn(dos, 'emulation').status).toBe('caveats');
    expect(evalOn(dos, 'container').status).toBe('fails');
    expect(evalOn(dos, 'api-translation').reasons[0]).toContain('no virtual-8086 mode');
    const card = LEGACY_APPS.dosIsaCard;
    expect(TECHNIQUE_IDS.every((t) => evalOn(card, t).status === 'fails')).toBe(true);
  });

  it('Windows containers need the host build; a Windows host runs XP apps directly', () => {
    const winHost: LegacyHost = { ...host, os: 'windows', kernelVersion: '10.0' };
    const xp = LEGACY_APPS.windowsXpLob;
    expect(evalOn(xp, 'container', winHost).status).toBe('fails');
    const same: LegacyApp = { ...xp, os: { ...xp.os, kernelVersion: '10.0' } };
    expect(evalOn(same, 'container', winHost).status).toBe('caveats');
    const direct = evalOn(xp, 'api-translation', winHost);
    expect(direct.status).toBe('caveats');
    expect(direct.performanceFactor).toBe(1);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('2.5', '2.14')).toBe(-1);
    expect(compareVersions('2.6.18', '6.8')).toBe(-1);
    expect(compareVersions('10.0', '10')).toBe(0);
    expect(compareVersions('5.10', '5.9')).toBe(1);
  });
});

describe('compatibility matrix and simulation', () => {
  it('builds apps x techniques tables and picks the fastest working technique', () => {
    const m = compatibilityMatrix(defaultLegacyScenario());
    expect(m.apps).toHaveLength(4);
    expect(m.techniques).toEqual([...TECHNIQUE_IDS]);
    const compat = m.tables.find((t) => t.id === 'compatibility')!;
    expect(compat.columns).toEqual([
      'app',
      'Type-1 VM',
      'Type-2 VM',
      'Emulation',
      'Container',
      'API translation',
      'Paravirt',
    ]);
    for (const row of compat.rows) {
      for (const cell of row.slice(1)) expect(String(cell)).toMatch(/^(works|works: .+|fails: .+)$/);
    }
    const best = m.tables.find((t) => t.id === 'best-technique')!;
    expect(best.rows.map((r) => r[1])).toEqual([
      'Full VM (type-1 hypervisor)',
      'Container (shared host kernel)',
      'Full-system emulation (QEMU TCG)',
      'Full VM (type-1 hypervisor)',
    ]);
  });

  it('emits one frame and one event per (app, technique) on a step axis', () => {
    const s = defaultLegacyScenario();
    const sim = createLegacySimulation(s, 1);
    expect(sim.axis.unit).toBe('step');
    expect(sim.horizon).toBe(24);
    const first = sim.advanceTo(6);
    expect(first.frames.map((f) => f.t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.frames[3]!.values).toEqual({
      app: 1,
      technique: 4,
      status: 0,
      performanceFactor: null,
      startS: null,
      caveats: 0,
      reasons: 1,
    });
    expect(first.events[3]!.subject).toBe('Order entry (Windows XP) / Container');
    const rest = sim.advanceTo(100);
    expect(rest.frames).toHaveLength(18);
    expect(sim.done).toBe(true);
    const metrics = Object.fromEntries(sim.summary().metrics.map((x) => [x.id, x.value]));
    expect(metrics).toMatchObject({ evaluated: 24, works: 1, caveats: 13, fails: 10, appsRunnable: 4 });
  });

  it('is deterministic and independent of chunking and seed', () => {
    for (const p of LEGACY_PRESETS) {
      const whole = createLegacySimulation(p.scenario, 1).advanceTo(Infinity);
      const sim = createLegacySimulation(p.scenario, 99);
      const frames: TopicFrame[] = [];
      const events: TopicEvent[] = [];
      for (let t = 0.5; !sim.done; t += 2.5) {
        const c = sim.advanceTo(t);
        frames.push(...c.frames);
        events.push(...c.events);
      }
      expect(frames).toEqual(whole.frames);
      expect(events).toEqual(whole.events);
      expect(createLegacySimulation(p.scenario, 3).summary()).toEqual(
        createLegacySimulation(p.scenario, 4).summary(),
      );
    }
  });

  it('keeps the presets valid', () => {
    expect(LEGACY_PRESETS.length).toBeGreaterThanOrEqual(3);
    expect(LEGACY_PRESETS.length).toBeLessThanOrEqual(5);
    for (const p of LEGACY_PRESETS)
      expect(parseLegacyScenario(p.scenario), p.id).toEqual({ ok: true, value: p.scenario });
  });

  it('reports schema errors with the path and the range', () => {
    const base = defaultLegacyScenario();
    const err = (s: unknown) => {
      const r = parseLegacyScenario(s);
      return r.ok ? '' : r.error;
    };
    expect(err({ ...base, emulationSlowdown: 0 })).toBe(
      'emulationSlowdown: emulation slowdown must be at least 1',
    );
    const app = { ...base.apps[0]!, os: { ...base.apps[0]!.os, kernelVersion: 'XP' } };
    expect(err({ ...base, apps: [app] })).toBe(
      'apps.0.os.kernelVersion: app kernel version must be a version such as 2.6.18',
    );
    expect(err({ ...base, techniques: ['container', 'container'] })).toBe(
      'techniques.1: technique container is listed twice',
    );
    expect(err({ ...base, techniques: ['teleport'] })).toContain(
      'techniques.0: unknown technique "teleport"',
    );
    expect(err({ ...base, host: { ...base.host, isa: 'mips' } })).toContain(
      'host.isa: unknown instruction set "mips"',
    );
    expect(err({ ...base, apps: [] })).toBe('apps: give at least one app');
    expect(err({ ...base, apps: [{ ...base.apps[0]!, syscallShare: 1.5 }] })).toBe(
      'apps.0.syscallShare: system-call share must be at most 1',
    );
    expect(err({ ...base, kind: 'isolation' })).toBe('kind: kind must be "legacy"');
    expect(err({ ...base, extra: 1 })).toContain('extra');
  });

  it('round-trips the example files', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples', 'topics');
    const files = readdirSync(dir).filter((f) => f.startsWith('legacy-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const parsed = parseLegacyScenario(data);
      expect(parsed, file).toMatchObject({ ok: true });
      if (parsed.ok) {
        expect(parsed.value, file).toEqual(data);
        expect(compatibilityMatrix(parsed.value as LegacyScenario).cells.length).toBeGreaterThan(0);
      }
    }
  });
});
