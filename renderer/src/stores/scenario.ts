import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fileNameFor } from '../../../shared/files';
import {
  CompareScenarioSchema,
  SeedSchema,
  changedConstants,
  defaultCompareScenario,
  defaultHybridKeepAlive,
  defaultServerless,
  formatPath,
  parseScenarioFile,
  serializeScenario,
  workloadProfileDefaults,
  type ArrivalsSpec,
  type CompareScenario,
  type PlatformId,
  type WorkloadProfile,
} from '../../../shared/scenario';
import { useRendererApi } from '../api';
import { parseAzureTraceFiles } from '../../../shared/trace/azure';

/** Default parameters when the user switches the arrival process (assumptions for a clear demo). */
export function defaultArrivals(kind: ArrivalsSpec['kind']): ArrivalsSpec {
  switch (kind) {
    case 'poisson':
      return { kind, ratePerS: 40 };
    case 'bursty':
      return { kind, ratePerS: 40, burst: { startS: 240, durationS: 120, factor: 3 } };
    case 'diurnal':
      return { kind, meanRatePerS: 40, peakToTrough: 4, periodS: 600 };
    case 'closed':
      return { kind, clients: 50, thinkTimeMs: 1000 };
    case 'trace':
      return { kind, trace: 'azure-sample', timeScale: 0.1 };
  }
}

/** The scenario being edited in the panel, with its validation by the shared schema. */
export const useScenarioStore = defineStore('scenario', () => {
  const api = useRendererApi();
  const scenario = ref<CompareScenario>(defaultCompareScenario());
  const seed = ref(42);
  /** Last file action's outcome, shown under the panel's file buttons. */
  const fileMessage = ref<{ kind: 'info' | 'error'; text: string } | null>(null);

  /** Field path ("workload.arrivals.ratePerS") -> message, from the same zod schema the worker uses. */
  const fieldErrors = computed<Record<string, string>>(() => {
    const errors: Record<string, string> = {};
    const result = CompareScenarioSchema.safeParse(scenario.value);
    if (!result.success) {
      for (const issue of result.error.issues) errors[formatPath(issue.path)] ??= issue.message;
    }
    const seedResult = SeedSchema.safeParse(seed.value);
    if (!seedResult.success) errors['seed'] = seedResult.error.issues[0]?.message ?? 'invalid seed';
    return errors;
  });
  const isValid = computed(() => Object.keys(fieldErrors.value).length === 0);
  const platformIds = computed<PlatformId[]>(() => scenario.value.platforms.map((p) => p.id));
  const changed = computed(() => changedConstants(scenario.value));

  function setPlatformSelected(id: PlatformId, selected: boolean): void {
    const platforms = scenario.value.platforms;
    const index = platforms.findIndex((p) => p.id === id);
    if (selected && index < 0) platforms.push({ id, overrides: {} });
    if (!selected && index >= 0) platforms.splice(index, 1);
  }

  function setProfile(profile: WorkloadProfile): void {
    scenario.value.workload.profile = profile;
    scenario.value.workload.request = workloadProfileDefaults(profile);
  }

  function setArrivalsKind(kind: ArrivalsSpec['kind']): void {
    scenario.value.workload.arrivals = defaultArrivals(kind);
  }

  function setKeepAlivePolicy(policy: 'fixed' | 'hybrid-histogram'): void {
    scenario.value.serverless.keepAlive =
      policy === 'fixed' ? defaultServerless().keepAlive : defaultHybridKeepAlive();
  }

  function setOverride(platform: PlatformId, constant: string, value: number | null): void {
    const choice = scenario.value.platforms.find((p) => p.id === platform);
    if (!choice) return;
    if (value === null) delete choice.overrides[constant];
    else choice.overrides[constant] = value;
  }

  function reset(): void {
    scenario.value = defaultCompareScenario();
    seed.value = 42;
    fileMessage.value = null;
  }

  async function save(): Promise<void> {
    try {
      const saved = await api.saveFile({
        kind: 'scenario',
        suggestedName: fileNameFor(scenario.value.name, 'json'),
        data: serializeScenario(scenario.value),
        encoding: 'utf8',
      });
      if (saved) fileMessage.value = { kind: 'info', text: `Saved ${saved.location}` };
    } catch (error) {
      fileMessage.value = { kind: 'error', text: `Could not save: ${(error as Error).message}` };
    }
  }

  /** Opens a scenario file; a bad file leaves the current scenario untouched and says what is wrong. */
  async function open(): Promise<void> {
    try {
      const file = await api.openScenarioFile();
      if (!file) return;
      const parsed = parseScenarioFile(file.text);
      if (!parsed.ok) {
        fileMessage.value = { kind: 'error', text: `${file.name} was not loaded:\n${parsed.error}` };
        return;
      }
      scenario.value = parsed.value;
      fileMessage.value = { kind: 'info', text: `Loaded ${file.name}` };
    } catch (error) {
      fileMessage.value = { kind: 'error', text: `Could not open: ${(error as Error).message}` };
    }
  }

  /** Replaces the trace replayed by the workload with Azure Functions trace CSVs the user picks. */
  async function importTrace(): Promise<void> {
    try {
      const files = await api.openTraceFiles();
      if (!files) return;
      const parsed = parseAzureTraceFiles(files);
      if (!parsed.ok) {
        fileMessage.value = { kind: 'error', text: `The trace was not imported:\n${parsed.error}` };
        return;
      }
      const previous = scenario.value.workload.arrivals;
      const timeScale = previous.kind === 'trace' ? previous.timeScale : undefined;
      scenario.value.workload.arrivals = {
        kind: 'trace',
        trace: parsed.value,
        ...(timeScale === undefined ? {} : { timeScale }),
      };
      const invocations = parsed.value.functions.reduce(
        (n, f) => n + f.invocationsPerMinute.reduce((a, b) => a + b, 0),
        0,
      );
      fileMessage.value = {
        kind: 'info',
        text: `Imported ${parsed.value.functions.length} functions, ${parsed.value.minutes} minutes, ${invocations.toLocaleString('en')} invocations from ${parsed.value.source}`,
      };
    } catch (error) {
      fileMessage.value = { kind: 'error', text: `Could not import: ${(error as Error).message}` };
    }
  }

  return {
    importTrace,
    scenario,
    seed,
    fieldErrors,
    isValid,
    platformIds,
    changed,
    fileMessage,
    setPlatformSelected,
    setProfile,
    setArrivalsKind,
    setKeepAlivePolicy,
    setOverride,
    reset,
    save,
    open,
  };
});
