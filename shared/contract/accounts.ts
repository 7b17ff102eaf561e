/**
 * The team server's accounts: listed, created, reset and disabled by the administrator
 * (role direction). In the local, single-user mode these calls are refused (there are no
 * accounts there: the name chooser stands in for them).
 *
 * The roles are those of shared/contract/roles.ts, which also says that only direction may
 * make these calls.
 */
import { z } from 'zod';
import { mutation, query } from './define';
import { requiredText } from './fields';
import { roles } from './roles';

/** At least this many characters: long enough that a guessed password costs years of argon2id. */
export const PASSWORD_MIN_LENGTH = 12;
/** A bound on what argon2id is asked to hash (a 10 MB "password" is an attack, not a password). */
export const PASSWORD_MAX_LENGTH = 256;

/** Why a new password is refused (French), or null. The password is never trimmed nor changed. */
export function passwordProblem(password: string, login: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return `Mot de passe : ${PASSWORD_MIN_LENGTH} caractères au moins.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Mot de passe : ${PASSWORD_MAX_LENGTH} caractères au plus.`;
  }
  if (password.trim().toLowerCase() === login.trim().toLowerCase()) {
    return 'Mot de passe : il ne doit pas être l’identifiant.';
  }
  return null;
}

/** Lower case letters, digits, dot, dash, underscore: typed the same way on every keyboard. */
export const LOGIN_PATTERN = /^[a-z0-9._-]{2,40}$/;

const login = z.string({ error: 'Identifiant : champ obligatoire.' }).regex(LOGIN_PATTERN, {
  message:
    'Identifiant : 2 à 40 caractères, lettres minuscules sans accent, chiffres, point, tiret ou tiret bas (par ex. « m.durand »).',
});

const password = z.string({ error: 'Mot de passe : champ obligatoire.' }).max(PASSWORD_MAX_LENGTH, {
  message: `Mot de passe : ${PASSWORD_MAX_LENGTH} caractères au plus.`,
});

/** The roles an account may have: roles.ts's list, the one the contract validates. */
export const accountRoles = roles;

const role = z.enum(roles, { error: 'Rôle : choisissez dans la liste.' });

export const accountRow = z.object({
  id: z.number(),
  login: z.string(),
  displayName: z.string(),
  role,
  disabled: z.boolean(),
  /** While the account is locked after repeated failed logins, the lock's end (ISO); else null. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AccountRow = z.infer<typeof accountRow>;

export const accountCalls = {
  'accounts.list': query(z.object({}), z.array(accountRow)),
  'accounts.create': mutation(
    z
      .object({ login, displayName: requiredText('Nom affiché', 80), role, password })
      .superRefine((value, ctx) => {
        const problem = passwordProblem(value.password, value.login);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['password'] });
      }),
    accountRow,
  ),
  'accounts.resetPassword': mutation(
    // The "not the login" rule is checked by the handler, which knows the login.
    z.object({ id: z.number().int().positive(), password }).superRefine((value, ctx) => {
      const problem = passwordProblem(value.password, '');
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['password'] });
    }),
    accountRow,
  ),
  'accounts.disable': mutation(z.object({ id: z.number().int().positive() }), accountRow),
};
