/**
 * First start: asks who is using the app. Every change is logged under this name; there
 * are no passwords (a single-user desktop app).
 * On the team server the accounts replace it: the login form until someone is signed in,
 * and no name chooser (the history names the account).
 */
import { Button, Center, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { errorMap, errorMessage } from '../lib/fieldErrors';
import { useAction, useCall } from '../lib/queries';
import {
  onSessionEnded,
  sessionAtStart,
  signOut,
  TeamSessionContext,
  type TeamSession,
} from '../lib/teamSession';
import { LoginPage } from '../pages/LoginPage';

export function UserGate({ children }: { children: ReactNode }) {
  // undefined: not known yet; null: not the team server (Electron, the local web bridge).
  const [team, setTeam] = useState<TeamSession | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    void sessionAtStart.then(setTeam);
    return onSessionEnded(() => setEnded(true));
  }, []);

  if (team === undefined) {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Chargement" />
      </Center>
    );
  }
  if (team === null) return <LocalUserGate>{children}</LocalUserGate>;
  if (!team.account || ended) {
    return (
      <LoginPage
        notice={ended ? 'Votre session est terminée : reconnectez-vous.' : null}
        // A fresh page: its calls, cache and events channel all start with the new session.
        onSignedIn={() => window.location.reload()}
      />
    );
  }
  return (
    <TeamSessionContext.Provider
      value={{
        account: team.account,
        signOut: () => void signOut().then(() => window.location.reload()),
      }}
    >
      {children}
    </TeamSessionContext.Provider>
  );
}

/** The local modes' name chooser. */
function LocalUserGate({ children }: { children: ReactNode }) {
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
