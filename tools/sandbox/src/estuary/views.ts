/** What the API answers for each object, computed from the state at answer time. */
import type { ItemRecord } from './state';

export const itemView = (r: ItemRecord) => ({ id: r.id, name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), created_at: r.createdAt });
