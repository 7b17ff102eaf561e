/**
 * First start: asks who is using the app. Every change is logged under this name; there
 * are no passwords yet (a single-user desktop app).
 */
import { Button, Center, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { errorMap, errorMessage } from '../lib/fieldErrors';
import { useAction, useCall } from '../lib/queries';

export function UserGate({ children }: { children: ReactNode }) {
  const info = useCall('app.info', {});
  const setUser = useAction('session.setUser');
  const [name, setName] = useState('');

  if (info.isPending) {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Chargement" />
      </Center>
    );
  }
  if (info.isError) {
    return (
      <Center h="100vh">
        <Text c="red">{errorMessage(info.error)}</Text>
      </Center>
    );
  }
  if (info.data.userName) return <>{children}</>;

  const errors = errorMap(setUser.error);
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      centered
      title="Bienvenue dans Pilote CPO"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setUser.mutate({ name });
        }}
      >
        <Stack>
          <Text size="sm">
            Indiquez votre nom : chaque modification (convention, cibles, avenants…) est enregistrée
            dans l'historique à votre nom.
          </Text>
          <TextInput
            label="Votre nom"
            placeholder="Prénom Nom"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={
              errors.name ??
              (setUser.isError && !errors.name ? errorMessage(setUser.error) : undefined)
            }
            data-autofocus
            required
          />
          <Button type="submit" loading={setUser.isPending}>
            Commencer
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
