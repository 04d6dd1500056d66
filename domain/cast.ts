// How a provider's cast list updates the movie's cast links, without undoing the user's edits.

/** At most this many cast members are cached from TMDB and linked to a movie. */
export const CAST_LIMIT = 50;

/** One person per name: case and runs of white space do not make another actor. */
export const normaliseName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** A movie–actor link as stored. */
export interface CastLink {
  role: string | null;
  order: number | null;
  roleLocked: boolean;
  removed: boolean;
}

/** One cast member as the provider lists it, with the actor it resolved to. */
export interface CastMember {
  actorId: number;
  role: string | null;
  order: number | null;
}

type LinkWrite = { actorId: number; role: string | null; order: number | null };

/**
 * Applies the provider's cast, in its order, to the existing links: a new actor is linked (with no
 * order while the order is locked); a link the user removed is never touched or re-created; a
 * locked role and a locked order are kept; an empty role never erases one. Actors the provider no
 * longer lists stay linked. A person listed twice ends with the later entry's role and order.
 */
export function mergeCast(
  existing: ReadonlyMap<number, CastLink>,
  members: readonly CastMember[],
  orderLocked: boolean,
): { inserts: LinkWrite[]; updates: LinkWrite[]; changed: boolean } {
  const state = new Map<number, CastLink & { isNew: boolean }>();
  let changed = false;
  for (const m of members) {
    const link =
      state.get(m.actorId) ?? (existing.has(m.actorId) ? { ...existing.get(m.actorId)!, isNew: false } : undefined);
    if (!link) {
      state.set(m.actorId, {
        role: m.role,
        order: orderLocked ? null : m.order,
        roleLocked: false,
        removed: false,
        isNew: true,
      });
      changed = true;
      continue;
    }
    state.set(m.actorId, link);
    if (link.removed) continue;
    const role = link.roleLocked || !m.role ? link.role : m.role;
    const order = orderLocked ? link.order : m.order;
    if (role !== link.role || order !== link.order) {
      link.role = role;
      link.order = order;
      changed = true;
    }
  }
  const inserts: LinkWrite[] = [];
  const updates: LinkWrite[] = [];
  for (const [actorId, link] of state) {
    const write = { actorId, role: link.role, order: link.order };
    if (link.isNew) inserts.push(write);
    else {
      const before = existing.get(actorId)!;
      if (before.role !== link.role || before.order !== link.order) updates.push(write);
    }
  }
  return { inserts, updates, changed };
}
