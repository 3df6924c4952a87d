import type { HandlingMode, LayerKind, TechnologyId } from '../../../../shared/topics/interfaces';

/**
 * The colours of the four-interfaces view, shared by its HTML diagram, its tables and its
 * charts: one per layer kind (Okabe-Ito hues, light fills for boxes, full colour for bars
 * and borders; lighter hues on dark fills for the dark theme) and one per way an interface is handled.
 */
export const LAYER_KIND_STYLE: Readonly<
  Record<
    LayerKind,
    {
      label: string;
      meaning: string;
      color: string;
      fill: string;
      text: string;
      darkColor: string;
      darkFill: string;
    }
  >
> = {
  real: {
    label: 'Real',
    meaning: 'hardware or host software, used as is',
    color: '#6B7480',
    fill: '#E8EAED',
    /** Text on the light fill (WCAG AA contrast, unlike `color`). */
    text: '#474F5B',
    darkColor: '#A9B1BD',
    darkFill: '#2A2F36',
  },
  virtual: {
    label: 'Virtual',
    meaning: 'an imitation made by the virtualization layer',
    color: '#0072B2',
    fill: '#D6EBF8',
    /** Text on the light fill (WCAG AA contrast, unlike `color`). */
    text: '#005587',
    darkColor: '#5AA2F5',
    darkFill: '#12324A',
  },
  shared: {
    label: 'Shared',
    meaning: 'shared with the host and the other guests',
    color: '#E69F00',
    fill: '#FCEBCB',
    /** Text on the light fill (WCAG AA contrast, unlike `color`). */
    text: '#6E4A00',
    darkColor: '#F0B429',
    darkFill: '#3D2E0C',
  },
  guest: {
    label: 'Guest',
    meaning: "the guest's own software",
    color: '#009E73',
    fill: '#D4F0E6',
    /** Text on the light fill (WCAG AA contrast, unlike `color`). */
    text: '#005C45',
    darkColor: '#3FBF8F',
    darkFill: '#0E3A2C',
  },
};

export const LAYER_KINDS: readonly LayerKind[] = ['real', 'shared', 'virtual', 'guest'];

/** Cell colours of the technology-vs-interface matrix, by the main handling mode. */
export const HANDLING_STYLE: Readonly<Record<HandlingMode, { fill: string; text: string }>> = {
  native: { fill: '#F1F2F4', text: '#1C1F24' },
  direct: { fill: '#CDEFD9', text: '#0B4D2A' },
  'trap-and-emulate': { fill: '#FBD9B5', text: '#6B3500' },
  translated: { fill: '#E6D4F2', text: '#47206B' },
  interpreted: { fill: '#F8CFD6', text: '#7A1328' },
  hypercall: { fill: '#CFE2F7', text: '#0B3D73' },
  'guest-os': { fill: '#D4F0E6', text: '#0D4D3B' },
  'host-kernel': { fill: '#FCEBCB', text: '#5C3F00' },
  runtime: { fill: '#F9DDEE', text: '#6B1E4C' },
  'not-exposed': { fill: '#FFFFFF', text: '#6B7480' },
};

/** Red for sensitive-but-unprivileged instructions, everywhere in the view. */
export const OFFENDER_COLOR = '#C0392B';

/** Short names for buttons and chart axes. */
export const TECHNOLOGY_SHORT: Readonly<Record<TechnologyId, string>> = {
  native: 'Native',
  jvm: 'JVM',
  wine: 'WINE',
  'type-1-hypervisor': 'Type-1 hypervisor',
  'type-2-hypervisor': 'Type-2 hypervisor',
  'os-container': 'Container',
  'serverless-microvm': 'Serverless',
  'emulator-qemu-tcg': 'Emulator',
  paravirtualization: 'Paravirt.',
};
