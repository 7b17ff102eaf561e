/**
 * The team server's accounts, for the administrator (role direction): the list, a new
 * account, a password reset, disabling. The backend checks the role; the header shows the
 * link to this page to direction only.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../shared/contract/accounts';
import { roleDescriptions, roleLabels, roles, type Role } from '../../../shared/contract/roles';
import { formatDateTime } from '../../../shared/format';
import { errorMap, errorMessage } from '../lib/fieldErrors';
import { useAction, useCall } from '../lib/queries';

const emptyForm = { login: '', displayName: '', role: 'accompagnement' as Role, password: '' };

export function AccountsPage() {
  const list = useCall('accounts.list', {});
  const create = useAction('accounts.create', { onSuccess: () => setForm(emptyForm) });
  const reset = useAction('accounts.resetPassword', { onSuccess: () => setResetting(null) });
  const disable = useAction('accounts.disable');
  const [form, setForm] = useState(emptyForm);
  const [resetting, setResetting] = useState<{ id: number; password: string } | null>(null);
  const errors = errorMap(create.error);

  return (
    <Stack maw={960}>
      <Title order={2}>Comptes</Title>
      <Text size="sm" c="dimmed">
        Chaque personne de l’équipe a son compte ; l’historique enregistre chaque modification à son
        nom. Mot de passe : {PASSWORD_MIN_LENGTH} caractères au moins.
      </Text>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {(disable.isError || reset.isError) && (
        <Alert color="red">{errorMessage(disable.error ?? reset.error)}</Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Identifiant</Table.Th>
            <Table.Th>Nom</Table.Th>
            <Table.Th>Rôle</Table.Th>
            <Table.Th>État</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>{account.login}</Table.Td>
              <Table.Td>{account.displayName}</Table.Td>
              <Table.Td>{roleLabels[account.role]}</Table.Td>
              <Table.Td>
                {account.disabled ? (
                  <Badge color="gray">Désactivé</Badge>
                ) : account.lockedUntil ? (
                  <Badge color="orange">
                    Bloqué jusqu’au {formatDateTime(account.lockedUntil)}
                  </Badge>
                ) : (
                  <Badge color="green">Actif</Badge>
                )}
              </Table.Td>
              <Table.Td>
                {resetting?.id === account.id ? (
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      reset.mutate(resetting);
                    }}
                  >
                    <Group gap="xs" wrap="nowrap">
                      <PasswordInput
                        aria-label={`Nouveau mot de passe de ${account.login}`}
                        placeholder="Nouveau mot de passe"
                        autoComplete="new-password"
                        value={resetting.password}
                        onChange={(event) =>
                          setResetting({ id: account.id, password: event.currentTarget.value })
                        }
                        size="xs"
                      />
                      <Button size="xs" type="submit" loading={reset.isPending}>
                        Enregistrer
                      </Button>
                      <Button size="xs" variant="subtle" onClick={() => setResetting(null)}>
                        Annuler
                      </Button>
                    </Group>
                  </form>
                ) : (
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setResetting({ id: account.id, password: '' })}
                    >
                      Réinitialiser le mot de passe
                    </Button>
                    {!account.disabled && (
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        loading={disable.isPending && disable.variables?.id === account.id}
                        onClick={() => {
                          if (window.confirm(`Désactiver le compte « ${account.login} » ?`)) {
                            disable.mutate({ id: account.id });
                          }
                        }}
                      >
                        Désactiver
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={3}>Nouveau compte</Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(form);
        }}
      >
        <Stack maw={480}>
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red">{errorMessage(create.error)}</Alert>
          )}
          <TextInput
            label="Identifiant"
            description="Lettres minuscules sans accent, chiffres, point, tiret (par ex. m.durand)."
            autoCapitalize="none"
            spellCheck={false}
            value={form.login}
            onChange={(event) => setForm({ ...form, login: event.currentTarget.value })}
            error={errors.login}
            required
          />
          <TextInput
            label="Nom affiché"
            value={form.displayName}
            onChange={(event) => setForm({ ...form, displayName: event.currentTarget.value })}
            error={errors.displayName}
            required
          />
          <Select
            label="Rôle"
            data={roles.map((role) => ({ value: role, label: roleLabels[role] }))}
            value={form.role}
            onChange={(value) => value && setForm({ ...form, role: value as Role })}
            description={roleDescriptions[form.role]}
            error={errors.role}
            allowDeselect={false}
          />
          <PasswordInput
            label="Mot de passe provisoire"
            autoComplete="new-password"
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.currentTarget.value })}
            error={errors.password}
            required
          />
          <Button type="submit" loading={create.isPending}>
            Créer le compte
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
