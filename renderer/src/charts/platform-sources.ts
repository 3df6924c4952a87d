import type { CompareScenario, PlatformId } from '../../../shared/scenario';
import { CALIBRATION, type CalibratedValue, type CalibrationId } from '../../../shared/sim/calibration';
import { cpuRequestCores, medianStartMs, resolvePreset } from '../../../shared/sim/platforms';
import { IDENTITY_TEXT, partLabel, sourceLabel, unitLabel, type ChartText } from './translate';

/** One constant as the views cite it: the value in use, and where it comes from. */
export interface CitedValue {
  label: string;
  id: CalibrationId;
  value: number;
  unit: string;
  /** The published source, or the reason when it is an assumption. */
  source: string;
  assumption: boolean;
  /** The scenario overrides the published default. */
  overridden: boolean;
}

function overridesOf(scenario: CompareScenario, platform: PlatformId): Readonly<Record<string, number>> {
  return scenario.platforms.find((p) => p.id === platform)?.overrides ?? {};
}

function cite(
  scenario: CompareScenario,
  platform: PlatformId,
  id: CalibrationId,
  label: string,
  value?: number,
): CitedValue {
  const entry: CalibratedValue = CALIBRATION[id];
  const overrides = overridesOf(scenario, platform);
  const overridden = Object.hasOwn(overrides, id);
  return {
    label,
    id,
    value: value ?? (overridden ? overrides[id]! : entry.value),
    unit: entry.unit,
    source: entry.assumption ? `${entry.source}: ${entry.note ?? ''}`.trim() : entry.source,
    assumption: entry.assumption === true,
    overridden,
  };
}

/** Where a platform's density comes from: host reservation, per-instance overhead parts, CPU request. */
export function densitySources(scenario: CompareScenario, platform: PlatformId) {
  const overrides = overridesOf(scenario, platform);
  const preset = resolvePreset(platform, overrides);
  const cpuId = preset.calibrationIds.find((id) => /cpuRequest|vcpusPerCore|memoryPerVcpu/.test(id));
  return {
    hostReserved: cite(scenario, platform, 'host.reservedMemory', 'host.reservedMemory'),
    hostOs:
      preset.hostReservedExtraMiB > 0 ? cite(scenario, platform, 'type2.hostOsMemory', 'host OS') : null,
    overheadParts: preset.memoryOverheadParts.map((part) =>
      cite(scenario, platform, part.calibrationId, part.label, part.mib),
    ),
    cpuRequestCores: cpuRequestCores(preset, scenario.workload.appMemoryMiB),
    cpuRequest: cpuId ? cite(scenario, platform, cpuId, cpuId) : null,
  };
}

/** The preset's start-time distribution: log-normal, median = sum of the cited parts, spread sigma. */
export function startSources(scenario: CompareScenario, platform: PlatformId) {
  const preset = resolvePreset(platform, overridesOf(scenario, platform));
  const sigmaId = preset.calibrationIds.find((id) => /sigma/i.test(id));
  return {
    medianMs: medianStartMs(preset),
    parts: preset.startParts.map((part) => cite(scenario, platform, part.calibrationId, part.label, part.ms)),
    sigma: preset.startTimeSigma,
    sigmaSource: sigmaId ? cite(scenario, platform, sigmaId, 'sigma', preset.startTimeSigma) : null,
  };
}

/**
 * Where a cited value comes from, for a table cell that already carries an "assumption"
 * badge: the reason alone for an assumption, the source otherwise (see sourceLabel).
 */
export function citationText(text: Pick<ChartText, 't'>, cited: CitedValue): string {
  return cited.assumption ? sourceLabel(text, cited.source.replace(/^assumption: /, '')) : cited.source;
}

/**
 * One line per overhead part, for tooltips: "guest OS 256 MiB: Felter et al. ...";
 * `yours` (translated) stands in for the source of a value the scenario overrides. Part
 * names and units follow `text`'s language (English without it).
 */
export function overheadSourceLines(
  scenario: CompareScenario,
  platform: PlatformId,
  yours: string,
  text: Pick<ChartText, 't'> = IDENTITY_TEXT,
): string[] {
  return densitySources(scenario, platform).overheadParts.map(
    (part) =>
      `${partLabel(text, part.label)} ${part.value} ${unitLabel(text, part.unit)}: ${
        part.overridden ? yours : sourceLabel(text, part.source)
      }`,
  );
}
