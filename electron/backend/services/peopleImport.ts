/** Import of people and pathways from a CSV/XLSX spreadsheet (being written). */
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../handlers';

export const peopleImportHandlers: HandlerGroup<'people.importPreview' | 'people.importCommit'> = {
  'people.importPreview'() {
    throw new AppError('INTERNAL', "L'import n'est pas encore disponible.");
  },
  'people.importCommit'() {
    throw new AppError('INTERNAL', "L'import n'est pas encore disponible.");
  },
};
