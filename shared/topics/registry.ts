import { z } from 'zod';
import { SeedSchema, SpeedSchema, formatPath } from '../scenario';
import type { TopicSimulation } from './types';
import {
  CONSOLIDATION_PRESETS,
  ConsolidationScenarioSchema,
  createConsolidationSimulation,
  defaultConsolidationScenario,
} from './consolidation';
import {
  HYBRID_PRESETS,
  HybridScenarioSchema,
  createHybridSimulation,
  defaultHybridScenario,
} from './hybrid-cloud';
import {
  INTERFACES_PRESETS,
  InterfacesScenarioSchema,
  createInterfacesSimulation,
  defaultInterfacesScenario,
} from './interfaces';
import {
  ISOLATION_PRESETS,
  IsolationScenarioSchema,
  createIsolationSimulation,
  defaultIsolationScenario,
} from './isolation';
import {
  LEGACY_PRESETS,
  LegacyScenarioSchema,
  createLegacySimulation,
  defaultLegacyScenario,
} from './legacy';
import {
  MIGRATION_PRESETS,
  MigrationScenarioSchema,
  createMigrationSimulation,
  defaultMigrationScenario,
} from './migration';
import {
  PROCESS_VM_PRESETS,
  ProcessVmScenarioSchema,
  createProcessVmSimulation,
  defaultProcessVmScenario,
} from './process-vm';
import {
  TIMESLICE_PRESETS,
  TimesliceScenarioSchema,
  createTimesliceSimulation,
  defaultTimesliceScenario,
} from './timeslice';

/**
 * Every course topic the app can run, by scenario `kind`: its schema, defaults, presets
 * and model. The worker starts topic runs through `createTopicSimulation`, the views read
 * titles and presets from here, and the CLI runs topic scenario files with the same calls.
 */
export interface TopicPreset<S> {
  id: string;
  name: string;
  description: string;
  scenario: S;
}

export interface TopicAxis {
  unit: 's' | 'step';
  label: string;
}

/** The axis a topic's run of this scenario will use. */
export function axisOf(topic: TopicDefinition, scenario: unknown): TopicAxis {
  return typeof topic.axis === 'function' ? topic.axis(scenario) : topic.axis;
}

export interface TopicDefinition<S = unknown> {
  kind: string;
  title: string;
  /** The axis of its frames for a scenario, known before a run (the model reports the same). */
  axis: TopicAxis | ((scenario: S) => TopicAxis);
  schema: z.ZodType<S>;
  defaultScenario(): S;
  presets: ReadonlyArray<TopicPreset<S>>;
  create(scenario: S, seed: number): TopicSimulation;
}

/** Keeps each entry's scenario type while the table holds them all. */
export function defineTopic<S>(definition: TopicDefinition<S>): TopicDefinition {
  return definition as unknown as TopicDefinition;
}

/** In the order of the lecture. */
export const TOPICS: Readonly<Record<string, TopicDefinition>> = {
  timeslice: defineTopic({
    kind: 'timeslice',
    title: 'Time slicing',
    axis: { unit: 's', label: 'simulated time (s)' },
    schema: TimesliceScenarioSchema,
    defaultScenario: defaultTimesliceScenario,
    presets: TIMESLICE_PRESETS,
    create: createTimesliceSimulation,
  }),
  interfaces: defineTopic({
    kind: 'interfaces',
    title: 'Four interfaces',
    axis: { unit: 'step', label: 'Layer' },
    schema: InterfacesScenarioSchema,
    defaultScenario: defaultInterfacesScenario,
    presets: INTERFACES_PRESETS,
    create: createInterfacesSimulation,
  }),
  'process-vm': defineTopic({
    kind: 'process-vm',
    title: 'Process VMs',
    axis: { unit: 's', label: 'time since launch (s)' },
    schema: ProcessVmScenarioSchema,
    defaultScenario: defaultProcessVmScenario,
    presets: PROCESS_VM_PRESETS,
    create: createProcessVmSimulation,
  }),
  migration: defineTopic({
    kind: 'migration',
    title: 'Live migration',
    axis: (scenario) =>
      scenario.simulate === 'cluster'
        ? { unit: 's', label: 'simulated time (s)' }
        : { unit: 'step', label: 'Round' },
    schema: MigrationScenarioSchema,
    defaultScenario: defaultMigrationScenario,
    presets: MIGRATION_PRESETS,
    create: createMigrationSimulation,
  }),
  consolidation: defineTopic({
    kind: 'consolidation',
    title: 'Consolidation',
    axis: { unit: 'step', label: 'Item' },
    schema: ConsolidationScenarioSchema,
    defaultScenario: defaultConsolidationScenario,
    presets: CONSOLIDATION_PRESETS,
    create: createConsolidationSimulation,
  }),
  isolation: defineTopic({
    kind: 'isolation',
    title: 'Isolation',
    axis: { unit: 's', label: 'simulated time (s)' },
    schema: IsolationScenarioSchema,
    defaultScenario: defaultIsolationScenario,
    presets: ISOLATION_PRESETS,
    create: createIsolationSimulation,
  }),
  'hybrid-cloud': defineTopic({
    kind: 'hybrid-cloud',
    title: 'Hybrid cloud',
    axis: { unit: 's', label: 'simulated time (s)' },
    schema: HybridScenarioSchema,
    defaultScenario: defaultHybridScenario,
    presets: HYBRID_PRESETS,
    create: createHybridSimulation,
  }),
  legacy: defineTopic({
    kind: 'legacy',
    title: 'Legacy systems',
    axis: { unit: 'step', label: 'Check' },
    schema: LegacyScenarioSchema,
    defaultScenario: defaultLegacyScenario,
    presets: LEGACY_PRESETS,
    create: createLegacySimulation,
  }),
};

export const TopicScenarioSchema = z
  .looseObject({ kind: z.string({ error: 'kind must name a topic' }) })
  .superRefine((scenario, ctx) => {
    const topic = TOPICS[scenario.kind];
    if (!topic) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown topic "${scenario.kind}" (known: ${Object.keys(TOPICS).join(', ')})`,
        path: ['kind'],
      });
      return;
    }
    const result = topic.schema.safeParse(scenario);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });
export type TopicScenario = z.infer<typeof TopicScenarioSchema>;

export const StartTopicRunRequestSchema = z.strictObject({
  scenario: TopicScenarioSchema,
  seed: SeedSchema,
  speed: SpeedSchema,
});
export type StartTopicRunRequest = z.infer<typeof StartTopicRunRequestSchema>;

/** Builds the model for a scenario that StartTopicRunRequestSchema accepted. */
export function createTopicSimulation(scenario: TopicScenario, seed: number): TopicSimulation {
  const topic = TOPICS[scenario.kind];
  if (!topic) throw new Error(`unknown topic "${scenario.kind}"`);
  const parsed = topic.schema.safeParse(scenario);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return topic.create(parsed.data, seed);
}
