/**
 * The pathway's steps and their dates, saved together by `pathways.update`. Recording an
 * exit is filling its date and type here, then « Enregistrer le parcours »; the backend
 * checks the order of the steps and what each one needs.
 */
import {
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PersonDetail } from '../../../../shared/contract/people';
import {
  exitTypes,
  followUpSituations,
  outreachChannels,
} from '../../../../shared/domain/peopleLists';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useVersionedDraft } from '../../components/useVersionedDraft';
import { IsoDateInput } from '../../components/IsoDateInput';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import { options } from './PersonFields';

type PathwayDraft = PersonDetail['pathway'];

export function PathwaySection({ detail }: { detail: PersonDetail }) {
  const update = useAction('pathways.update', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Parcours enregistré.' }),
  });
  const {
    draft: pathway,
    setDraft: setPathway,
    version,
    saved,
    reload,
  } = useVersionedDraft<PathwayDraft>({ ...detail.pathway }, detail.pathwayVersion);
  const errors = errorMap(update.error);
  const set = <K extends keyof PathwayDraft>(key: K, value: PathwayDraft[K]) =>
    setPathway((current) => ({ ...current, [key]: value }));
  const error = (key: keyof PathwayDraft) => errors[`pathway.${key}`];
  const date = (key: keyof PathwayDraft, label: string, description?: string) => (
    <IsoDateInput
      label={label}
      description={description}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      value={pathway[key] as string | null}
      onChange={(value) => set(key, value as never)}
      error={error(key)}
    />
  );
  const hadExit = detail.pathway.exitDate !== null;

  return (
    <Stack>
      <ErrorSummary
        error={update.error}
        typed={{ pathway }}
        onReload={(current, currentVersion) => {
          reload({ ...(current.pathway as PathwayDraft) }, currentVersion);
          update.reset();
        }}
      />
      <TextInput
        label="Référent de parcours"
        maw={320}
        value={pathway.referent}
        onChange={(e) => set('referent', e.currentTarget.value)}
        error={error('referent')}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Fieldset legend="Repérage et remobilisation">
          <SimpleGrid cols={2}>
            {date('identifiedOn', 'Date de repérage')}
            <Select
              label="Canal de repérage"
              data={options(outreachChannels)}
              value={pathway.identificationChannel}
              onChange={(value) =>
                set('identificationChannel', value as PathwayDraft['identificationChannel'])
              }
              clearable
              error={error('identificationChannel')}
            />
            {date('remobilisationStart', 'Début de la remobilisation')}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Accompagnement">
          <SimpleGrid cols={2}>
            {date('accompanimentStart', 'Entrée en accompagnement')}
            {date('plannedEnd', 'Fin prévue', 'De 6 à 9 mois après l’entrée.')}
            {date('extendedUntil', "Prolongé jusqu'au", 'Jusqu’à 12 mois, avec un motif.')}
            <Textarea
              label="Motif de l'extension"
              autosize
              minRows={1}
              value={pathway.extensionReason}
              onChange={(e) => set('extensionReason', e.currentTarget.value)}
              error={error('extensionReason')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Sortie">
          <Stack gap="xs">
            {!hadExit && (
              <Text size="xs" c="dimmed">
                Pour enregistrer la sortie : sa date et son type, puis « Enregistrer le parcours ».
              </Text>
            )}
            <SimpleGrid cols={2}>
              {date('exitDate', 'Date de sortie')}
              <TextInput
                label="Partenaire de la sortie"
                placeholder="Employeur, organisme…"
                value={pathway.exitPartner}
                onChange={(e) => set('exitPartner', e.currentTarget.value)}
                error={error('exitPartner')}
              />
            </SimpleGrid>
            <Select
              label="Type de sortie"
              data={options(exitTypes)}
              value={pathway.exitType}
              onChange={(value) => set('exitType', value as PathwayDraft['exitType'])}
              clearable
              error={error('exitType')}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend="Suivi à 6 mois">
          <SimpleGrid cols={2}>
            {date('followUpDate', 'Date du suivi', 'Six mois après la sortie.')}
            <Select
              label="Situation constatée"
              data={options(followUpSituations)}
              value={pathway.followUpSituation}
              onChange={(value) =>
                set('followUpSituation', value as PathwayDraft['followUpSituation'])
              }
              clearable
              error={error('followUpSituation')}
            />
          </SimpleGrid>
        </Fieldset>
      </SimpleGrid>
      <Group justify="flex-end">
        <Button
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { personId: detail.id, version, pathway },
              { onSuccess: (result) => saved(result.version) },
            )
          }
        >
          Enregistrer le parcours
        </Button>
      </Group>
    </Stack>
  );
}
