/**
 * `dora.export`: the convention's operator and covered volets as data·inclusion records,
 * for DORA. The mapping is shared/domain/doraExport.ts; this only reads the convention and
 * turns a name DORA would refuse into a validation error naming the field.
 */
import { AppError } from '../../../shared/errors';
import { DORA_SCHEMA_VERSION, doraExport, doraFileName } from '../../../shared/domain/doraExport';
import type { HandlerGroup } from '../handlerTypes';
import { readConvention } from './conventions';

export const doraHandlers = {
  'dora.export'({ conventionId }, ctx) {
    const convention = readConvention(ctx.db, conventionId);
    const result = doraExport(convention);
    if (!result.ok) {
      throw AppError.validation(
        result.problems,
        `Export DORA impossible : ${result.problems.map((p) => p.message).join(' ')}`,
      );
    }
    return {
      fileName: doraFileName(convention.reference),
      schemaVersion: DORA_SCHEMA_VERSION,
      ...result.data,
    };
  },
} satisfies HandlerGroup<'dora.export'>;
