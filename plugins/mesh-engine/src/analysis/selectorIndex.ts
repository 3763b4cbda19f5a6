import { selectorMatches } from './labelSelector';

interface Entry<T> {
  order: number;
  item: T;
  selector: Record<string, unknown>;
}

interface NamespaceEntries<T> {
  /** Items with an empty selector: they select every workload. */
  always: Entry<T>[];
  /** Other items, each filed under the first label of its selector only. */
  byLabel: Map<string, Entry<T>[]>;
}

const labelKey = (key: string, value: unknown) => `${key}\0${String(value)}`;

/**
 * Objects that select workloads by equality labels (policy selectors), per
 * namespace. A workload finds those that select it with one lookup per label
 * it carries, where testing every selector of the namespace made the policy
 * passes quadratic in a namespace's size.
 */
export class SelectorIndex<T> {
  private readonly namespaces = new Map<string, NamespaceEntries<T>>();
  private added = 0;

  add(namespace: string, item: T, selector: Record<string, unknown>): void {
    let entries = this.namespaces.get(namespace);
    if (!entries) {
      entries = { always: [], byLabel: new Map() };
      this.namespaces.set(namespace, entries);
    }
    const entry = { order: this.added++, item, selector };
    const first = Object.keys(selector)[0];
    if (first === undefined) {
      entries.always.push(entry);
      return;
    }
    // A selector matches only where its first label does: that label files it.
    const key = labelKey(first, selector[first]);
    const list = entries.byLabel.get(key);
    if (list) list.push(entry);
    else entries.byLabel.set(key, [entry]);
  }

  /** The items of a namespace whose selector the labels satisfy, in the order they were added. */
  matching(namespace: string, labels: Record<string, string>): T[] {
    const entries = this.namespaces.get(namespace);
    if (!entries) return [];
    const found: Entry<T>[] = [];
    let lists = 0;
    const take = (list: Entry<T>[]) => {
      const before = found.length;
      for (const entry of list)
        if (selectorMatches(entry.selector, labels)) found.push(entry);
      if (found.length > before) lists++;
    };
    take(entries.always);
    for (const key of Object.keys(labels)) {
      const list = entries.byLabel.get(labelKey(key, labels[key]));
      if (list) take(list);
    }
    if (lists > 1) found.sort((a, b) => a.order - b.order);
    return found.map(entry => entry.item);
  }
}
