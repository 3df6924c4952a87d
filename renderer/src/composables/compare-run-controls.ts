import { computed, type ComputedRef } from 'vue';
import { useRunStore } from '../stores/run';
import { useScenarioStore } from '../stores/scenario';
import { TIME_SPEEDS, type RunControlsModel } from './run-controls';

/**
 * The run controls' view of the Compare run (the scenario being edited, its seed), for any
 * view that starts or follows the comparison. Same model as CompareView builds inline.
 */
export function useCompareRunControls(): ComputedRef<RunControlsModel> {
  const run = useRunStore();
  const scenarioStore = useScenarioStore();
  return computed<RunControlsModel>(() => ({
    state: run.state,
    progress: run.progress,
    position: run.simTimeS,
    horizon: run.horizonS,
    unit: 's',
    eventsProcessed: run.eventsProcessed,
    speed: run.speed,
    speedChoices: TIME_SPEEDS,
    error: run.error,
    canStart: scenarioStore.isValid,
    isActive: run.isActive,
    start: () => void run.start(scenarioStore.scenario, scenarioStore.seed),
    pause: () => void run.pause(),
    resume: () => void run.resume(),
    stop: () => void run.stop(),
    step: () => void run.step(),
    changeSpeed: (speed) => void run.changeSpeed(speed),
  }));
}
