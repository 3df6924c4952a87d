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

/**
 * Constants that are the defaults of scenario fields (hardware, host price, the serverless
 * platform's keep-alive and prices): the scenario holds the value, so they are changed in
 * the scenario panel, not overridden per platform; listed here so the app can cite them.
 */
export const SCENARIO_DEFAULT_CALIBRATION_IDS: readonly CalibrationId[] = [
  'hardware.ssdRandomIops',
  'hardware.ssdSequentialMBps',
  'hardware.nicBandwidth',
  'hardware.nicLatency',
  'host.pricePerHour',
  'lambda.keepAlive',
  'lambda.pricePerGbSecond',
  'lambda.pricePerMillionRequests',
];
