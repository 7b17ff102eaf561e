/**
 * Events the backend pushes to the UI while long work runs (imports, reports, backups).
 * Both transports carry them: IPC in Electron, Server-Sent Events on the web bridge.
 */
import { z } from 'zod';
import { topics, touchedBy } from './topics';

export const progressEvent = z.object({
  type: z.literal('progress'),
  jobId: z.string(),
  label: z.string(),
  done: z.number(),
  total: z.number().nullable(),
});

export const changedEvent = z.object({
  type: z.literal('changed'),
  /** The call that changed data. */
  channel: z.string(),
  /**
   * What it changed (shared/contract/topics.ts): screens refetch only the queries on
   * screen that read one of these. Absent (an older sender): taken from the channel.
   */
  topics: z.array(z.enum(topics)).optional(),
});

/** The event a committed change sends, with the topics its call touches. */
export function changed(channel: string): z.output<typeof changedEvent> {
  return { type: 'changed', channel, topics: [...touchedBy(channel)] };
}

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
