/**
 * Calls of the director's dashboard that gather what other screens compute: the deadlines
 * on one timeline (shared/domain/deadlines.ts) and « À regarder », every warning the other
 * screens raise, each with the place where it is fixed. Neither computes a figure of its
 * own: the backend asks the services that own each one.
 */
import { z } from 'zod';
import { id, query } from './define';
import { isoDate } from './fields';

export const deadlineItem = z.object({
  key: z.string(),
  kind: z.enum(['report', 'payment', 'siegControl', 'finalReport', 'cpoEnd', 'ami']),
  yearIndex: z.number().nullable(),
  label: z.string(),
  due: z.string(),
  daysLeft: z.number(),
  state: z.enum(['overdue', 'upcoming', 'done']),
  estimate: z.boolean(),
  note: z.string().nullable(),
});
export type DeadlineItemData = z.output<typeof deadlineItem>;

/**
 * Where a warning is fixed: a section of the convention (its route segment), and for the
 * budget the part and year the budget tab opens on.
 */
export const watchLink = z.object({
  section: z.string(),
  budgetPart: z.enum(['budget', 'correspondance', 'sieg', 'prevu-realise']).nullable(),
  yearIndex: z.number().nullable(),
  /** The page outside the convention (backups), instead of a section. */
  page: z.enum(['sauvegardes']).nullable(),
});
export type WatchLink = z.output<typeof watchLink>;

export const watchItem = z.object({
  /** Stable: the same condition keeps its key, so a test can see it go. */
  key: z.string(),
  category: z.enum([
    'mapping',
    'gaps',
    'pathways',
    'followUps',
    'eligibility',
    'purge',
    'backup',
    'fec',
    'targets',
    'payments',
    'reports',
    'sieg',
  ]),
  level: z.enum(['red', 'orange']),
  text: z.string(),
  /** The action's words on the link (« Affecter les comptes »). */
  action: z.string(),
  link: watchLink,
});
export type WatchItem = z.output<typeof watchItem>;

export const dashboardCalls = {
  'dashboard.deadlines': query(
    z.object({ conventionId: id, today: isoDate }),
    z.array(deadlineItem),
  ),
  'dashboard.watchList': query(z.object({ conventionId: id, today: isoDate }), z.array(watchItem)),
};
