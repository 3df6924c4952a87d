import type { RunState } from '../../../shared/protocol';

/** What the run controls need from any run (Compare or a topic view): state and actions. */
export interface RunControlsModel {
  state: RunState;
  /** 0..1 of the horizon. */
  progress: number;
  position: number;
  horizon: number;
  /** Unit of position/horizon as the user reads it: "s", "round", "step". */
  unit: string;
  eventsProcessed: number;
  speed: number;
  speedChoices: ReadonlyArray<{ value: number; label: string }>;
  error: string | null;
  canStart: boolean;
  isActive: boolean;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  step(): void;
  changeSpeed(speed: number): void;
}

/** Speed choices; `label` is an i18n key in controls.json. */
export const TIME_SPEEDS = [
  { value: 0.01, label: 'controls.speeds.slowMotion' },
  { value: 0.1, label: 'controls.speeds.tenth' },
  { value: 1, label: 'controls.speeds.realTime' },
  { value: 10, label: 'controls.speeds.x10' },
  { value: 60, label: 'controls.speeds.x60' },
  { value: 600, label: 'controls.speeds.x600' },
  { value: 0, label: 'controls.speeds.fastest' },
] as const;

export const STEP_SPEEDS = [
  { value: 2, label: 'controls.speeds.steps2' },
  { value: 10, label: 'controls.speeds.steps10' },
  { value: 50, label: 'controls.speeds.steps50' },
  { value: 0, label: 'controls.speeds.fastest' },
] as const;
