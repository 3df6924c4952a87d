import type { CalibrationId } from './calibration';

/**
 * Constants the compare model reads for every platform (the platform constants are listed
 * by each preset's calibrationIds). Kept apart from compare-model.ts so the scenario
 * schema can check overrides without importing the model.
 */
export const MODEL_CALIBRATION_IDS: readonly CalibrationId[] = [
  'host.reservedMemory',
  'queue.capacity',
  'cpu.referenceClock',
  'memory.overcommitPenalty',
];
