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

export const TIME_SPEEDS = [
  { value: 0.01, label: '1/100 (slow motion)' },
  { value: 0.1, label: '1/10' },
  { value: 1, label: '1× (real time)' },
  { value: 10, label: '10×' },
  { value: 60, label: '60× (a minute per second)' },
  { value: 600, label: '600×' },
  { value: 0, label: 'As fast as possible' },
] as const;

export const STEP_SPEEDS = [
  { value: 2, label: '2 steps per second' },
  { value: 10, label: '10 steps per second' },
  { value: 50, label: '50 steps per second' },
  { value: 0, label: 'As fast as possible' },
] as const;
