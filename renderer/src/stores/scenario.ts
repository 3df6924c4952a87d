import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  CompareScenarioSchema,
  SeedSchema,
  defaultCompareScenario,
  type CompareScenario,
} from '../../../shared/scenario';

/** The scenario being edited in the panel, with its validation by the shared schema. */
export const useScenarioStore = defineStore('scenario', () => {
  const scenario = ref<CompareScenario>(defaultCompareScenario());
  const seed = ref(42);

  /** Field path ("workload.requestRatePerS") -> message, from the same zod schema the worker uses. */
  const fieldErrors = computed<Record<string, string>>(() => {
    const errors: Record<string, string> = {};
    const result = CompareScenarioSchema.safeParse(scenario.value);
    if (!result.success) {
      for (const issue of result.error.issues) errors[issue.path.map(String).join('.')] ??= issue.message;
    }
    const seedResult = SeedSchema.safeParse(seed.value);
    if (!seedResult.success) errors['seed'] = seedResult.error.issues[0]?.message ?? 'invalid seed';
    return errors;
  });
  const isValid = computed(() => Object.keys(fieldErrors.value).length === 0);

  function reset(): void {
    scenario.value = defaultCompareScenario();
    seed.value = 42;
  }

  return { scenario, seed, fieldErrors, isValid, reset };
});
