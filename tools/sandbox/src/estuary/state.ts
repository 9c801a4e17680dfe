/** The emulated account: its objects and the rules that change them (names unique → 409). */
import { randomUUID } from 'node:crypto';
import { ApiError, notFound } from './errors';
import type { ItemBody } from './validation';

export interface ItemRecord {
  id: string;
  name: string;
  description?: string;
  createdAt: string;
}

export class EstuaryState {
  readonly items = new Map<string, ItemRecord>();
  constructor(private readonly now: () => number) {}

  create(body: ItemBody): ItemRecord {
    if ([...this.items.values()].some((i) => i.name === body.name)) throw new ApiError(409, 'conflict', `an item named "${body.name}" already exists`);
    const r: ItemRecord = { id: randomUUID(), name: body.name, description: body.description ?? undefined, createdAt: new Date(this.now()).toISOString() };
    this.items.set(r.id, r);
    return r;
  }

  get(id: string): ItemRecord {
    const r = this.items.get(id);
    if (!r) throw notFound('item');
    return r;
  }

  update(id: string, body: Partial<ItemBody>): ItemRecord {
    const r = this.get(id);
    if (body.description !== undefined) r.description = body.description ?? undefined;
    return r;
  }

  delete(id: string): void {
    this.get(id);
    this.items.delete(id);
  }
}
