import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTERFACES,
  INTERFACES_CONSTANTS,
  INTERFACES_PRESETS,
  ISA_PRESETS,
  ISA_PRESET_IDS,
  TECHNOLOGY_IDS,
  createInterfacesSimulation,
  defaultInterfacesScenario,
  interfaceModel,
  parseInterfacesScenario,
  popekGoldberg,
  resolveIsa,
  technologyMatrix,
  type InterfacesScenario,
} from './interfaces';
import { TopicEventSchema, TopicFrameSchema, TopicSummarySchema } from './wire';

const EXAMPLES = join(import.meta.dirname, '../../examples/topics');

describe('the four interfaces', () => {
  it('are numbered 1-4 as in the lecture: user ISA, system ISA, ABI, API', () => {
    expect(INTERFACES.map((i) => [i.number, i.id])).toEqual([
      [1, 'user-isa'],
      [2, 'system-isa'],
      [3, 'abi'],
      [4, 'api'],
    ]);
  });
});

describe('interfaceModel: what each technology virtualizes (Smith & Nair 2005)', () => {
  it('native: presents nothing, every interface served natively, every layer real', () => {
    const m = interfaceModel('native');
    expect(m.level).toBe('none');
    expect(m.presents).toEqual([]);
    expect(Object.values(m.handling).map((h) => h.modes[0])).toEqual([
      'native',
      'native',
      'native',
      'native',
    ]);
    expect(m.layers.every((l) => l.kind === 'real')).toBe(true);
  });

  it('JVM: a process VM at API level that presents a virtual ISA (bytecode) and the Java API, on the host ABI', () => {
    const m = interfaceModel('jvm');
    expect(m.vmClass).toMatch(/^process VM/);
    expect(m.level).toBe('API');
    expect(m.presents).toEqual(['user-isa', 'api']);
    expect(m.uses).toContain('abi');
    expect(m.crossIsa).toBe(true);
    expect(m.handling['user-isa'].modes).toEqual(['interpreted', 'translated']);
    expect(m.handling['system-isa'].modes).toEqual(['not-exposed']);
    expect(m.handling.abi.modes).toEqual(['not-exposed']);
    const runtime = m.layers.find((l) => l.role === 'runtime')!;
    expect(runtime.kind).toBe('virtual');
    expect(runtime.exposes).toEqual(['user-isa', 'api']);
    // A process on the host: the host kernel below it is real, there is no guest kernel.
    expect(m.layers.filter((l) => l.role === 'kernel')).toEqual([]);
    expect(m.layers.find((l) => l.role === 'host-kernel')!.kind).toBe('real');
  });

  it('WINE: API translation (Win32 -> POSIX), x86 code runs directly', () => {
    const m = interfaceModel('wine');
    expect(m.level).toBe('API');
    expect(m.presents).toEqual(['api']);
    expect(m.handling.api.modes).toEqual(['translated']);
    expect(m.handling['user-isa'].modes).toEqual(['direct']);
    expect(m.handling.abi.modes).toEqual(['translated']);
    expect(m.crossIsa).toBe(false);
  });

  it('type-1 hypervisor: the system ISA, privileged instructions trapped, on the bare hardware', () => {
    const m = interfaceModel('type-1-hypervisor');
    expect(m.level).toBe('ISA');
    expect(m.vmClass).toMatch(/^system VM/);
    expect(m.presents).toEqual(['user-isa', 'system-isa']);
    expect(m.handling['user-isa'].modes).toEqual(['direct']);
    expect(m.handling['system-isa'].modes[0]).toBe('trap-and-emulate');
    expect(m.handling.abi.modes).toEqual(['guest-os']);
    expect(m.uses).not.toContain('abi');
    expect(m.layers.map((l) => l.role)).toEqual([
      'hardware',
      'hypervisor',
      'virtual-machine',
      'kernel',
      'library',
      'application',
    ]);
    expect(m.layers[2]!.kind).toBe('virtual');
    expect(m.layers[3]!.kind).toBe('guest');
  });

  it('type-2 hypervisor: the same system ISA, with a host OS below the VMM', () => {
    const m = interfaceModel('type-2-hypervisor');
    expect(m.level).toBe('ISA');
    expect(m.presents).toEqual(['user-isa', 'system-isa']);
    expect(m.handling['system-isa'].modes[0]).toBe('trap-and-emulate');
    expect(m.uses).toContain('abi');
    const roles = m.layers.map((l) => l.role);
    expect(roles.indexOf('host-kernel')).toBeLessThan(roles.indexOf('vmm-process'));
    expect(roles.indexOf('vmm-process')).toBeLessThan(roles.indexOf('virtual-machine'));
  });

  it('OS container: the system-call interface of a shared, namespaced host kernel; no guest kernel', () => {
    const m = interfaceModel('os-container');
    expect(m.level).toBe('ABI');
    expect(m.presents).toEqual(['abi']);
    expect(m.handling.abi.modes).toEqual(['host-kernel']);
    expect(m.handling['system-isa'].modes).toEqual(['not-exposed']);
    expect(m.handling['user-isa'].modes).toEqual(['direct']);
    expect(m.layers.find((l) => l.role === 'host-kernel')!.kind).toBe('shared');
    expect(m.layers.find((l) => l.role === 'isolation')!.name).toMatch(/Namespaces/);
    expect(m.layers.some((l) => l.role === 'kernel')).toBe(false);
  });

  it('serverless function: the runtime’s event API, on a microVM (a system VM) underneath', () => {
    const m = interfaceModel('serverless-microvm');
    expect(m.level).toBe('API');
    expect(m.presents).toEqual(['api']);
    expect(m.handling.api.modes).toEqual(['runtime']);
    expect(m.handling['system-isa'].modes).toEqual(['trap-and-emulate']);
    const vm = m.layers.find((l) => l.role === 'virtual-machine')!;
    expect(vm.name).toMatch(/microVM/);
    expect(vm.kind).toBe('virtual');
    expect(m.layers.at(-1)!.name).toMatch(/handler/);
  });

  it('emulator (QEMU TCG): translates both user and system ISA, guest ISA may differ', () => {
    const m = interfaceModel('emulator-qemu-tcg');
    expect(m.level).toBe('ISA');
    expect(m.handling['user-isa'].modes).toEqual(['translated']);
    expect(m.handling['system-isa'].modes).toEqual(['translated']);
    expect(m.crossIsa).toBe(true);
  });

  it('paravirtualization: privileged operations become hypercalls in a modified guest', () => {
    const m = interfaceModel('paravirtualization');
    expect(m.handling['system-isa'].modes).toEqual(['hypercall']);
    expect(m.guestModified).toBe(true);
    expect(TECHNOLOGY_IDS.filter((t) => interfaceModel(t).guestModified)).toEqual(['paravirtualization']);
  });

  it('every model: layers start at real hardware, interfaces are known, explanation and sources given', () => {
    for (const id of TECHNOLOGY_IDS) {
      const m = interfaceModel(id);
      expect(m.technology).toBe(id);
      expect(m.layers[0]).toMatchObject({ role: 'hardware', kind: 'real' });
      expect(m.layers.at(-1)!.role).toBe('application');
      expect(Object.keys(m.handling)).toEqual(['user-isa', 'system-isa', 'abi', 'api']);
      expect(m.sources.length).toBeGreaterThan(0);
      const sentences = m.explanation.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
      // A technology that presents an interface has a virtual layer exposing it.
      for (const p of m.presents) {
        expect(m.layers.some((l) => l.kind === 'virtual' && l.exposes.includes(p))).toBe(true);
      }
    }
    expect(() => interfaceModel('mainframe' as never)).toThrow(/unknown technology/);
  });

  it('technologyMatrix: one row per technology, the four handling modes as columns', () => {
    const t = technologyMatrix();
    expect(t.rows).toHaveLength(TECHNOLOGY_IDS.length);
    expect(t.columns.slice(-4)).toEqual(['1. user ISA', '2. system ISA', '3. ABI', '4. API']);
    const container = t.rows[TECHNOLOGY_IDS.indexOf('os-container')]!;
    expect(container.slice(-4)).toEqual(['direct', 'not-exposed', 'host-kernel', 'guest-os']);
  });
});

describe('popekGoldberg: trap-and-emulate needs every sensitive instruction privileged', () => {
  it('x86 before VT-x: not virtualizable, with Robin & Irvine’s sensitive unprivileged instructions', () => {
    const v = popekGoldberg('x86-pre-vt');
    expect(v.virtualizable).toBe(false);
    const offenders = v.offenders.map((i) => i.mnemonic);
    for (const m of ['POPF', 'PUSHF', 'SGDT', 'SIDT', 'SLDT', 'SMSW', 'LAR', 'LSL', 'VERR', 'VERW', 'STR']) {
      expect(offenders).toContain(m);
    }
    // The usual listing of the paper's 17 instructions names 18 mnemonics.
    expect(INTERFACES_CONSTANTS['x86.sensitiveUnprivileged'].value).toBe(17);
    expect(v.counts.offenders).toBe(18);
    expect(v.counts).toEqual({ instructions: 30, sensitive: 26, privileged: 8, offenders: 18, innocuous: 4 });
    expect(v.remedies).toHaveLength(4);
    expect(v.properties.map((p) => [p.id, p.holds])).toEqual([
      ['equivalence', false],
      ['resource-control', false],
      ['efficiency', true],
    ]);
    expect(v.verdict).toMatch(
      /^Not virtualizable by trap-and-emulate: 18 sensitive instructions are unprivileged/,
    );
  });

  it('x86 with VT-x/AMD-V: virtualizable, the former offenders act on guest state in non-root mode', () => {
    const v = popekGoldberg('x86-vt-x');
    expect(v.virtualizable).toBe(true);
    expect(v.offenders).toEqual([]);
    expect(v.remedies).toEqual([]);
    const popf = ISA_PRESETS['x86-vt-x'].instructions.find((i) => i.mnemonic === 'POPF')!;
    expect(popf.sensitive).toBe(false);
    expect(popf.note).toMatch(/non-root/);
    expect(v.sensitive).toContain('CPUID');
  });

  it('IBM System/370: virtualizable; every sensitive instruction is privileged', () => {
    const v = popekGoldberg('ibm-370');
    expect(v.virtualizable).toBe(true);
    expect(v.sensitive).toEqual(v.privileged);
    expect(v.sensitive).toEqual(['LPSW', 'SSM', 'SIO', 'LCTL', 'SCK', 'SSK', 'ISK', 'PTLB', 'SPX']);
    expect(v.properties.every((p) => p.holds)).toBe(true);
  });

  it('the toy ISA: POPF alone breaks it; making POPF privileged (or not sensitive) fixes it', () => {
    const before = popekGoldberg('toy');
    expect(before.virtualizable).toBe(false);
    expect(before.offenders.map((i) => i.mnemonic)).toEqual(['POPF']);
    expect(before.verdict).toMatch(/1 sensitive instruction is unprivileged \(POPF\)/);

    const fixed = popekGoldberg(resolveIsa('toy', [{ mnemonic: 'POPF', privileged: true }]));
    expect(fixed.virtualizable).toBe(true);
    expect(fixed.counts).toEqual({
      instructions: 10,
      sensitive: 5,
      privileged: 5,
      offenders: 0,
      innocuous: 5,
    });
    expect(fixed.isa).toBe('Toy ISA (edit me) (edited)');

    expect(popekGoldberg(resolveIsa('toy', [{ mnemonic: 'POPF', sensitive: false }])).virtualizable).toBe(
      true,
    );

    const broken = popekGoldberg(
      resolveIsa('toy', [
        { mnemonic: 'POPF', privileged: true },
        { mnemonic: 'ADD', sensitive: true },
      ]),
    );
    expect(broken.offenders.map((i) => i.mnemonic)).toEqual(['ADD']);
  });

  it('resolveIsa: unknown instructions throw; no overrides returns the preset; presets are frozen', () => {
    expect(() => resolveIsa('toy', [{ mnemonic: 'NOPE' }])).toThrow(/unknown instruction "NOPE"/);
    expect(resolveIsa('ibm-370')).toBe(ISA_PRESETS['ibm-370']);
    expect(Object.isFrozen(ISA_PRESETS.toy.instructions[0])).toBe(true);
    for (const id of ISA_PRESET_IDS) {
      const mnemonics = ISA_PRESETS[id].instructions.map((i) => i.mnemonic);
      expect(new Set(mnemonics).size).toBe(mnemonics.length);
    }
  });
});

describe('scenario', () => {
  const base = (): Record<string, unknown> => structuredClone(defaultInterfacesScenario()) as never;
  const errorOf = (input: unknown): string => {
    const r = parseInterfacesScenario(input);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };

  it('the default and every preset parse unchanged', () => {
    expect(parseInterfacesScenario(defaultInterfacesScenario())).toEqual({
      ok: true,
      value: defaultInterfacesScenario(),
    });
    expect(INTERFACES_PRESETS.length).toBeGreaterThanOrEqual(3);
    expect(INTERFACES_PRESETS.length).toBeLessThanOrEqual(5);
    for (const p of INTERFACES_PRESETS)
      expect(parseInterfacesScenario(p.scenario)).toEqual({ ok: true, value: p.scenario });
  });

  it('reports the field and the allowed values', () => {
    expect(errorOf({ ...base(), schemaVersion: 2 })).toBe('schemaVersion: schemaVersion must be 1');
    expect(errorOf({ ...base(), kind: 'compare' })).toBe('kind: kind must be "interfaces"');
    expect(errorOf({ ...base(), technology: 'mainframe' })).toMatch(
      /^technology: unknown technology "mainframe" \(known: native, jvm, wine, /,
    );
    expect(errorOf({ ...base(), isa: { preset: 'arm', overrides: [] } })).toMatch(
      /^isa\.preset: unknown ISA preset "arm" \(known: x86-pre-vt, x86-vt-x, ibm-370, toy\)/,
    );
    expect(
      errorOf({ ...base(), isa: { preset: 'toy', overrides: [{ mnemonic: 'SGDT', privileged: true }] } }),
    ).toMatch(/^isa\.overrides\.0\.mnemonic: unknown instruction "SGDT" in ISA toy \(known: LOAD, /);
    expect(
      errorOf({
        ...base(),
        isa: {
          preset: 'toy',
          overrides: [
            { mnemonic: 'POPF', privileged: true },
            { mnemonic: 'POPF', sensitive: false },
          ],
        },
      }),
    ).toBe('isa.overrides.1.mnemonic: instruction POPF is overridden twice');
    expect(
      errorOf({ ...base(), isa: { preset: 'toy', overrides: [{ mnemonic: 'POPF', privileged: 'yes' }] } }),
    ).toBe('isa.overrides.0.privileged: privileged must be true or false');
    expect(errorOf({ ...base(), extra: 1 })).toMatch(/extra/);
    expect(errorOf({ ...base(), name: 'x'.repeat(121) })).toBe('name: name must be at most 120 characters');
  });

  it('example files round-trip through the schema', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.startsWith('interfaces-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
      const parsed = parseInterfacesScenario(data);
      expect(parsed, file).toEqual({ ok: true, value: data });
    }
    const fixed = JSON.parse(
      readFileSync(join(EXAMPLES, 'interfaces-toy-isa-fixed.json'), 'utf8'),
    ) as InterfacesScenario;
    const sim = createInterfacesSimulation(fixed, 1);
    expect(sim.advanceTo(0).frames[0]!.values['isa.virtualizable']).toBe(1);
  });
});

describe('createInterfacesSimulation', () => {
  it('emits one frame per layer on a step axis, with the ISA verdict in every frame', () => {
    const sim = createInterfacesSimulation(defaultInterfacesScenario(), 7);
    const layers = interfaceModel('type-1-hypervisor').layers;
    expect(sim.axis.unit).toBe('step');
    expect(sim.horizon).toBe(layers.length - 1);
    expect(sim.done).toBe(false);
    const chunk = sim.advanceTo(Number.POSITIVE_INFINITY);
    expect(sim.done).toBe(true);
    expect(chunk.frames.map((f) => f.t)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chunk.frames.map((f) => f.values['layer.kind'])).toEqual([0, 0, 1, 3, 3, 3]);
    expect(chunk.frames[2]!.values).toMatchObject({
      'exposes.user-isa': 1,
      'exposes.system-isa': 1,
      'exposes.abi': 0,
    });
    for (const f of chunk.frames) {
      expect(f.values).toMatchObject({ 'isa.virtualizable': 0, 'isa.offenders': 18, 'isa.sensitive': 26 });
      expect(TopicFrameSchema.safeParse(f).success).toBe(true);
    }
    const byType = (type: string) => chunk.events.filter((e) => e.type === type);
    expect(byType('layer')).toHaveLength(6);
    expect(byType('handling').map((e) => [e.subject, e.data!['mode']])).toEqual([
      ['user-isa', 'direct'],
      ['system-isa', 'trap-and-emulate'],
      ['abi', 'guest-os'],
      ['api', 'guest-os'],
    ]);
    expect(byType('instruction')).toHaveLength(30);
    expect(byType('instruction').filter((e) => e.data!['offender'] === 1)).toHaveLength(18);
    for (const e of chunk.events) expect(TopicEventSchema.safeParse(e).success).toBe(true);
    expect(sim.eventsProcessed).toBe(chunk.frames.length + chunk.events.length);
    expect(sim.advanceTo(100)).toEqual({ frames: [], events: [] });
  });

  it('chunked runs equal one run, and the same scenario gives the same output (deterministic)', () => {
    const scenario = INTERFACES_PRESETS.find((p) => p.id === 'toy-isa')!.scenario;
    const whole = createInterfacesSimulation(scenario, 1);
    const all = whole.advanceTo(1e9);
    const parts = createInterfacesSimulation(scenario, 99);
    const frames = [];
    const events = [];
    for (let t = 0; t <= parts.horizon; t += 0.5) {
      const c = parts.advanceTo(t);
      frames.push(...c.frames);
      events.push(...c.events);
    }
    expect({ frames, events }).toEqual(all);
    expect(JSON.stringify(parts.summary())).toBe(JSON.stringify(whole.summary()));
  });

  it('summary: metrics, the layer, handling, instruction and property tables, and the technology matrix', () => {
    const scenario: InterfacesScenario = {
      ...defaultInterfacesScenario(),
      technology: 'os-container',
      isa: { preset: 'toy', overrides: [{ mnemonic: 'POPF', privileged: true }] },
    };
    const s = createInterfacesSimulation(scenario).summary();
    expect(TopicSummarySchema.safeParse(s).success).toBe(true);
    const metric = (id: string) => s.metrics.find((m) => m.id === id)!.value;
    expect(metric('level')).toBe('ABI');
    expect(metric('isa.virtualizable')).toBe('yes');
    expect(metric('isa.offenders')).toBe(0);
    expect(metric('isa.offenderList')).toBe('-');
    expect(s.tables.map((t) => t.id)).toEqual([
      'layers',
      'handling',
      'instructions',
      'properties',
      'technologies',
    ]);
    const handling = s.tables.find((t) => t.id === 'handling')!;
    expect(handling.rows[2]!.slice(0, 4)).toEqual([
      3,
      'System calls (ABI)',
      'yes',
      'passed to the shared host kernel',
    ]);
  });
});
