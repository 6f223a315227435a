// Options for selects filled from reference directories (cached per page load).
import { api } from './api.js';

const cache = new Map();

/// [[id, name, parentId], …] of active items of a directory kind.
export async function dirOptions(kind) {
  if (!cache.has(kind)) {
    cache.set(kind, (async () => {
      const items = [];
      let cursor = null;
      do {
        const page = await api.get(`/api/v1/directories/${kind}?active=true&limit=200${cursor
          ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        // the third member is the parent's id (subkinds under their kind)
        items.push(...page.items.map((d) => [d.id.toLowerCase(), d.name, (d.parentId || '').toLowerCase()]));
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    })());
  }
  return cache.get(kind);
}
