/**
 * The team server's login form: identifiant and mot de passe. The server's refusal is shown
 * as it comes (the same words for an unknown login and a wrong password; the end of the
 * lock when the account is locked). The password field is never trimmed nor changed.
 */
import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../lib/fieldErrors';
import { LoginRefused, signIn, type TeamSession } from '../lib/teamSession';

export function LoginPage({
  onSignedIn,
  notice,
}: {
  onSignedIn: (session: TeamSession) => void;
  /** Why the form is back (« session terminée »), if it is. */
  notice?: string | null;
}) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);

  async function submit() {
    setPending(true);
    setError(null);
    try {
      onSignedIn(await signIn(login, password));
    } catch (caught) {
      setPassword('');
      setError({
        message: errorMessage(caught),
        locked: caught instanceof LoginRefused && caught.lockedUntil !== null,
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <main>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <Title order={1} size="h3">
                Pilote CPO — serveur d’équipe
              </Title>
              <Text size="sm" c="dimmed">
                Connectez-vous avec le compte que la direction vous a créé.
              </Text>
              {notice && !error && (
                <Alert color="blue" variant="light">
                  {notice}
                </Alert>
              )}
              {error && (
                <Alert
                  color={error.locked ? 'orange' : 'red'}
                  title={error.locked ? 'Compte bloqué' : 'Connexion refusée'}
                  role="alert"
                >
                  {error.message}
                </Alert>
              )}
              <TextInput
                label="Identifiant"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={login}
                onChange={(event) => setLogin(event.currentTarget.value)}
                data-autofocus
                autoFocus
                required
              />
              <PasswordInput
                label="Mot de passe"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                required
              />
              <Button type="submit" loading={pending}>
                Se connecter
              </Button>
            </Stack>
          </form>
        </main>
      </Paper>
    </Center>
  );
}
