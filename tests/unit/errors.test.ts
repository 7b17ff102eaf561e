import { describe, expect, it } from 'vitest';
import {
  AppError,
  fieldErrorsFromIssues,
  isAppErrorData,
  type AppErrorData,
} from '../../shared/errors';

describe('AppError', () => {
  it('is an Error with its code, message and fields', () => {
    const error = new AppError('CONFLICT', 'Déjà modifié.', [{ path: 'a', message: 'b' }]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Déjà modifié.');
    expect(error.fields).toEqual([{ path: 'a', message: 'b' }]);
  });

  it('has no fields by default', () => {
    expect(new AppError('INTERNAL', 'Erreur.').fields).toEqual([]);
  });

  describe('validation', () => {
    it('uses the message of its only field', () => {
      const error = AppError.validation([
        { path: 'operator.siret', message: 'Le SIRET doit comporter 14 chiffres.' },
      ]);
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toBe('Le SIRET doit comporter 14 chiffres.');
      expect(error.fields).toHaveLength(1);
    });

    it('counts the fields when there are several', () => {
      const fields = [
        { path: 'operator.siret', message: 'Le SIRET doit comporter 14 chiffres.' },
        { path: 'endDate', message: 'La date de fin doit être postérieure à la date de début.' },
        { path: 'stateContributions.2.amountCents', message: 'Montant négatif.' },
      ];
      const error = AppError.validation(fields);
      expect(error.message).toBe("3 valeurs sont à corriger : rien n'a été enregistré.");
      expect(error.fields).toEqual(fields);
    });

    it('prefers an explicit message', () => {
      const error = AppError.validation([{ path: 'x', message: 'champ' }], 'Fichier illisible.');
      expect(error.message).toBe('Fichier illisible.');
      expect(error.fields).toEqual([{ path: 'x', message: 'champ' }]);
    });
  });

  it('notFound names what is missing, in French', () => {
    const error = AppError.notFound(
      'Cette convention est introuvable (elle a peut-être été supprimée).',
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(
      'Cette convention est introuvable (elle a peut-être été supprimée).',
    );
    expect(error.fields).toEqual([]);
  });

  it('round-trips through toData and fromData', () => {
    const original = AppError.validation([
      { path: 'operator.siret', message: 'SIRET invalide.' },
      { path: 'endDate', message: 'Date invalide.' },
    ]);
    const data = original.toData();
    expect(data).toEqual({
      code: 'VALIDATION',
      message: original.message,
      fields: original.fields,
    });
    // What crosses the IPC boundary is structured-cloned, so go through a clone.
    const rebuilt = AppError.fromData(structuredClone(data));
    expect(rebuilt).toBeInstanceOf(AppError);
    expect(rebuilt.code).toBe(original.code);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.fields).toEqual(original.fields);
    expect(rebuilt.toData()).toEqual(data);
  });

  it('produces data that isAppErrorData recognises', () => {
    expect(isAppErrorData(AppError.notFound('X').toData())).toBe(true);
    expect(isAppErrorData(structuredClone(new AppError('INTERNAL', 'Oups.').toData()))).toBe(true);
  });
});

describe('isAppErrorData', () => {
  it('rejects values missing a code, a message or fields', () => {
    const good: AppErrorData = { code: 'INTERNAL', message: 'm', fields: [] };
    expect(isAppErrorData(good)).toBe(true);
    expect(isAppErrorData(null)).toBe(false);
    expect(isAppErrorData(undefined)).toBe(false);
    expect(isAppErrorData('INTERNAL')).toBe(false);
    expect(isAppErrorData({ message: 'm', fields: [] })).toBe(false);
    expect(isAppErrorData({ code: 'INTERNAL', fields: [] })).toBe(false);
    expect(isAppErrorData({ code: 'INTERNAL', message: 'm' })).toBe(false);
    expect(isAppErrorData({ code: 'INTERNAL', message: 'm', fields: 'x' })).toBe(false);
    expect(isAppErrorData(new Error('m'))).toBe(false);
  });
});

describe('fieldErrorsFromIssues', () => {
  it('joins each issue path with dots and keeps its message', () => {
    expect(
      fieldErrorsFromIssues([
        { path: ['operator', 'siret'], message: 'SIRET invalide.' },
        { path: ['stateContributions', 2, 'amountCents'], message: 'Montant négatif.' },
        { path: [], message: 'Global.' },
      ]),
    ).toEqual([
      { path: 'operator.siret', message: 'SIRET invalide.' },
      { path: 'stateContributions.2.amountCents', message: 'Montant négatif.' },
      { path: '', message: 'Global.' },
    ]);
  });
});
