import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { AggregateIdSchema } from '../ids.js';
import { PrincipalSchema } from '../principals.js';

/**
 * The category tree is ONE aggregate (`chat.category.tree`): its rules span categories (names
 * unique among siblings, no cycles, remove only when empty, room names unique per category), and
 * one aggregate's expected sequence guards them all. See docs/adr/0007-category-tree-aggregate.md.
 */
export const CATEGORY_TREE_ID = 'tree';

export const CategoryLimits = { nameMax: 256, descriptionMax: 256, principalsPerList: 1_000, depthMax: 16 } as const;

export const CategoryNameSchema = z.string().trim().min(1).max(CategoryLimits.nameMax);
export const CategoryDescriptionSchema = z.string().max(CategoryLimits.descriptionMax);
const PrincipalsSchema = z.array(PrincipalSchema).max(CategoryLimits.principalsPerList);

/** Settings rooms inherit unless they override them. */
export const CategorySettingsSchema = z.strictObject({
  /** New members of rooms get an invitation. */
  invitations: z.boolean(),
  /** Files may be posted to rooms. */
  fileUpload: z.boolean(),
  /** Rooms keep history ("logged"); when off, history is not stored for readers (compliance still archives). */
  chatHistory: z.boolean(),
});
export type CategorySettings = z.infer<typeof CategorySettingsSchema>;

export const ScopeListSchema = z.enum(['allowed', 'denied', 'creators']);
export type ScopeList = z.infer<typeof ScopeListSchema>;

export const CategoryCreated = defineEvent({
  type: 'CategoryCreated',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({
    categoryId: AggregateIdSchema,
    name: CategoryNameSchema,
    description: CategoryDescriptionSchema,
    parentId: AggregateIdSchema.nullable(),
    /** Who may be in rooms of this category (empty: inherit the parent's). */
    allowed: PrincipalsSchema,
    /** Who may never be, here or in any sub-category: an ethical wall. */
    denied: PrincipalsSchema,
    /** Who may create rooms here (administrators always may). */
    creators: PrincipalsSchema,
    settings: CategorySettingsSchema,
  }),
});

export const CategoryUpdated = defineEvent({
  type: 'CategoryUpdated',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({
    categoryId: AggregateIdSchema,
    changes: z
      .strictObject({ name: CategoryNameSchema.optional(), description: CategoryDescriptionSchema.optional() })
      .refine((c) => Object.keys(c).length > 0, 'must change something'),
  }),
});

export const CategoryMoved = defineEvent({
  type: 'CategoryMoved',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ categoryId: AggregateIdSchema, parentId: AggregateIdSchema.nullable() }),
});

export const CategoryScopeChanged = defineEvent({
  type: 'CategoryScopeChanged',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ categoryId: AggregateIdSchema, list: ScopeListSchema, added: PrincipalsSchema, removed: PrincipalsSchema }),
});

export const CategorySettingsChanged = defineEvent({
  type: 'CategorySettingsChanged',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({
    categoryId: AggregateIdSchema,
    changes: CategorySettingsSchema.partial().refine((c) => Object.keys(c).length > 0, 'must change something'),
  }),
});

export const CategoryRemoved = defineEvent({
  type: 'CategoryRemoved',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ categoryId: AggregateIdSchema }),
});

/** A room's name is taken in its category (written before the room's own RoomCreated). */
export const RoomRegistered = defineEvent({
  type: 'RoomRegistered',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ roomId: AggregateIdSchema, categoryId: AggregateIdSchema, name: CategoryNameSchema }),
});

export const RoomRegistrationChanged = defineEvent({
  type: 'RoomRegistrationChanged',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ roomId: AggregateIdSchema, categoryId: AggregateIdSchema, name: CategoryNameSchema }),
});

export const RoomUnregistered = defineEvent({
  type: 'RoomUnregistered',
  v: 1,
  aggregate: 'category',
  data: z.strictObject({ roomId: AggregateIdSchema }),
});
