/* eslint-disable vue/one-component-per-file -- test components defined inline */
import { describe, expect, it, vi } from 'vitest';
import { createRenderer, defineComponent, h, KeepAlive, nextTick, shallowRef } from 'vue';
import { handleShortcut, useShortcuts } from './shortcuts';

function key(keyName: string, tagName = 'BODY', extra: Partial<KeyboardEvent> = {}): KeyboardEvent {
  let prevented = false;
  return {
    key: keyName,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: { tagName, isContentEditable: false, getAttribute: () => null },
    get defaultPrevented() {
      return prevented;
    },
    preventDefault: () => (prevented = true),
    ...extra,
  } as unknown as KeyboardEvent;
}

describe('keyboard shortcuts', () => {
  it('runs the binding of the view on screen, and leaves text fields and focused buttons alone', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const First = defineComponent({ setup: () => (useShortcuts({ ' ': first }), () => h('div')) });
    const Second = defineComponent({ setup: () => (useShortcuts({ ' ': second }), () => h('div')) });
    const shown = shallowRef<object>(First);
    const root = defineComponent({ setup: () => () => h(KeepAlive, null, [h(shown.value)]) });
    // A renderer with no DOM: KeepAlive's activate/deactivate only move opaque nodes around.
    type Node = { children: Node[]; parent: Node | null };
    const node = (): Node => ({ children: [], parent: null });
    const { createApp } = createRenderer<Node, Node>({
      createElement: node,
      createText: node,
      createComment: node,
      setText: () => {},
      setElementText: () => {},
      patchProp: () => {},
      insert: (child, parent) => {
        child.parent = parent;
        parent.children.push(child);
      },
      remove: (child) => {
        if (child.parent) child.parent.children = child.parent.children.filter((c) => c !== child);
      },
      parentNode: (child) => child.parent,
      nextSibling: () => null,
    });
    const app = createApp(root);
    app.mount(node());
    await nextTick();

    expect(handleShortcut(key(' '))).toBe(true);
    expect(first).toHaveBeenCalledTimes(1);

    shown.value = Second; // First is deactivated, kept alive
    await nextTick();
    handleShortcut(key(' '));
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);

    expect(handleShortcut(key(' ', 'INPUT'))).toBe(false);
    expect(handleShortcut(key(' ', 'BUTTON'))).toBe(false);
    expect(handleShortcut(key(' ', 'BODY', { ctrlKey: true }))).toBe(false);
    expect(second).toHaveBeenCalledTimes(1);
    app.unmount();
  });
});
