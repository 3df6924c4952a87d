import { onActivated, onBeforeUnmount, onDeactivated, onMounted } from 'vue';

/**
 * Keyboard shortcuts. One listener on the window; components register bindings while they
 * are on screen (views stay alive in <KeepAlive>, so activation, not mounting, decides),
 * and the latest registration wins for a key. Keys typed into a text field stay there.
 */
export type ShortcutKey = string; // KeyboardEvent.key, e.g. ' ', '.', 'Escape', 't', '?'
export type Bindings = Partial<Record<ShortcutKey, () => void>>;

const active: Bindings[] = [];

const textEntry = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Space and Enter belong to a focused control (they press buttons and follow links). */
const controlKeys = new Set([' ', 'Enter']);

export function handleShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  const tag = target?.tagName ?? '';
  if (textEntry.has(tag) || target?.isContentEditable) return false;
  if (
    controlKeys.has(event.key) &&
    (tag === 'BUTTON' || tag === 'A' || target?.getAttribute?.('role') === 'button')
  )
    return false;
  for (let index = active.length - 1; index >= 0; index--) {
    const action = active[index]?.[event.key];
    if (action) {
      event.preventDefault();
      action();
      return true;
    }
  }
  return false;
}

export function installShortcuts(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('keydown', (event) => handleShortcut(event as KeyboardEvent));
}

/** Registers bindings on the window while the calling component is shown. */
export function useShortcuts(bindings: Bindings): void {
  const add = () => {
    if (!active.includes(bindings)) active.push(bindings);
  };
  const remove = () => {
    const index = active.indexOf(bindings);
    if (index >= 0) active.splice(index, 1);
  };
  onMounted(add);
  onActivated(add);
  onDeactivated(remove);
  onBeforeUnmount(remove);
}

/** The list the help dialog shows; keys as the user presses them, descriptions as i18n keys. */
export const SHORTCUT_HELP = [
  { keys: 'Space', description: 'shortcuts.startPause' },
  { keys: '.', description: 'shortcuts.step' },
  { keys: 'Esc', description: 'shortcuts.stop' },
  { keys: 'T', description: 'shortcuts.theme' },
  { keys: '?', description: 'shortcuts.help' },
] as const;
