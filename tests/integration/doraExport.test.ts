/**
 * The « Offre sur DORA » export, read as DORA would: every record is validated against the
 * data·inclusion JSON Schema fetched from gip-inclusion/data-inclusion-schema
 * (resources/data-inclusion, version in its README), with a standard JSON Schema
 * validator — not against our own zod schema. Expected values come from the demo's
 * source file (resources/demo/horizons-emploi-35.json), not from the mapping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend } from './helpers/testBackend';

const schemaDir = join(__dirname, '../../resources/data-inclusion');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;

function validators() {
  // Pydantic's output ($defs, no $schema) is draft 2020-12; strict mode catches a keyword
  // the validator would silently ignore.
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return {
    structure: ajv.compile(readJson(join(schemaDir, 'structure.json')) as object),
    service: ajv.compile(readJson(join(schemaDir, 'service.json')) as object),
  };
}

interface DemoSource {
  convention: {
    reference: string;
    operator: {
      name: string;
      siret: string;
      postalCode: string;
      city: string;
      representativeName: string;
    };
    volets: { number: number; covered: boolean }[];
    territories: { inseeCode: string }[];
  };
}
const demo = (
  readJson(join(__dirname, '../../resources/demo/horizons-emploi-35.json')) as DemoSource
).convention;

describe('DORA export', () => {
  test("the demo's export is valid data·inclusion and says what the demo holds", async () => {
    const backend = await testBackend({ demo: true });
    const [convention] = await backend.call('conventions.list', {});
    const output = await backend.call('dora.export', { conventionId: convention!.id });
    const validate = validators();

    expect(output.structures).toHaveLength(1);
    for (const structure of output.structures) {
      expect(validate.structure(structure), JSON.stringify(validate.structure.errors)).toBe(true);
    }
    for (const service of output.services) {
      expect(validate.service(service), JSON.stringify(validate.service.errors)).toBe(true);
    }

    const [structure] = output.structures;
    expect(structure).toMatchObject({
      nom: demo.operator.name,
      siret: demo.operator.siret,
      code_postal: demo.operator.postalCode,
      commune: demo.operator.city,
    });
    // Volets 1-3 covered are offers to the public; volet 4 (coordination) is not.
    const publicVolets = demo.volets.filter((v) => v.covered && v.number <= 3).length;
    expect(output.services).toHaveLength(publicVolets);
    for (const service of output.services) {
      expect(service.structure_id).toBe(structure!.id);
      expect(service.zone_eligibilite).toEqual(demo.territories.map((t) => t.inseeCode));
    }
    expect(new Set(output.services.map((s) => s.id)).size).toBe(output.services.length);
    expect(output.fileName).toBe(`offre-dora-${demo.reference}.json`);
    // No person appears: not the legal representative, not anyone supported.
    const file = JSON.stringify(output);
    expect(file).not.toContain(demo.operator.representativeName);
    const people = await backend.call('people.list', {
      conventionId: convention!.id,
      today: '2026-11-23',
    });
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      expect(file).not.toContain(person.fileNumber);
      if (person.referent) expect(file).not.toContain(person.referent);
    }
    backend.dispose();
  });

  test('the validator does refuse a value outside the schema lists', () => {
    // Guards the test above against a validator that accepts anything.
    const validate = validators();
    const service = {
      source: 'pilote-cpo',
      id: 'pilote-cpo--1--volet-3',
      structure_id: 'pilote-cpo--1',
      nom: 'Accompagnement',
      description: 'Accompagnement socio-professionnel.',
      date_maj: '2026-11-23',
      thematiques: ['mobilite'],
    };
    expect(validate.service(service)).toBe(false);
    expect(validate.service({ ...service, thematiques: ['mobilite--preparer-un-permis'] })).toBe(
      true,
    );
    expect(validate.structure({ source: 'x', id: 'x', nom: 'Nom', date_maj: '23/11/2026' })).toBe(
      false,
    );
  });

  test('a name DORA would refuse is reported, naming the field, not shortened', async () => {
    const backend = await testBackend();
    const values = validConvention();
    const { id } = await backend.call('conventions.create', {
      ...values,
      operator: { ...values.operator, name: 'AB' },
    });
    await expect(backend.call('dora.export', { conventionId: id })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'operator.name', message: expect.stringContaining("Nom de l'opérateur") }],
    });
    backend.dispose();
  });
});
