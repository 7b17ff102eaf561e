/**
 * Events the backend pushes to the UI while long work runs (imports, reports, backups).
 * Both transports carry them: IPC in Electron, Server-Sent Events on the web bridge.
 */
import { z } from 'zod';

export const progressEvent = z.object({
  type: z.literal('progress'),
  jobId: z.string(),
  label: z.string(),
  done: z.number(),
  total: z.number().nullable(),
});

export const changedEvent = z.object({
  type: z.literal('changed'),
  /** The call that changed data: screens showing related data refetch. */
  channel: z.string(),
});

/** A French message for the user from the app itself (e.g. the backend was restarted). */
export const noticeEvent = z.object({
  type: z.literal('notice'),
  level: z.enum(['warning', 'error']),
  message: z.string(),
});

export const eventSchemas = z.discriminatedUnion('type', [
  progressEvent,
  changedEvent,
  noticeEvent,
]);
export type AppEvent = z.output<typeof eventSchemas>;
