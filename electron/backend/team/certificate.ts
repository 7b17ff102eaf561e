/**
 * The team server's TLS certificate. Either the operator's own files (`--cert/--key`), or
 * one generated at first start by `selfsigned` (a maintained npm package that builds the
 * X.509 certificate with @peculiar/x509; the key pair comes from the platform's WebCrypto)
 * and kept in the data folder, readable by the server's user only (0600).
 *
 * Browsers warn about a self-signed certificate: the server prints its SHA-256
 * fingerprint at start, and the user compares it with the one the browser shows before
 * accepting it. The same certificate is reused at every start, so the fingerprint stays.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { AppError } from '../../../shared/errors';

export const TLS_FOLDER = 'serveur-equipe-tls';
/** Ten years: nobody renews a self-signed certificate, and its trust is the fingerprint's. */
const VALID_YEARS = 10;

export interface Certificate {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as browsers show it (AA:BB:…). */
  fingerprint: string;
  /** Where it came from, for the start message. */
  source: 'generated' | 'kept' | 'operator';
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** The operator's own certificate and key (PEM files). */
export function readOperatorCertificate(certFile: string, keyFile: string): Certificate {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  } catch (error) {
    throw new AppError(
      'VALIDATION',
      `Certificat illisible : ${(error as Error).message}. Vérifiez les chemins donnés à --cert et --key.`,
    );
  }
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(cert);
  } catch {
    throw new AppError('VALIDATION', `« ${certFile} » n’est pas un certificat PEM lisible.`);
  }
  return { cert, key, fingerprint, source: 'operator' };
}

/**
 * The certificate kept in the data folder, generated the first time. `names` are the
 * addresses the clients type (host names or IP addresses), written in the certificate.
 */
export async function ensureSelfSignedCertificate(
  dataDir: string,
  names: readonly string[],
  now: Date = new Date(),
): Promise<Certificate> {
  const folder = join(dataDir, TLS_FOLDER);
  const certFile = join(folder, 'certificat.pem');
  const keyFile = join(folder, 'cle-privee.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    return {
      cert,
      key: readFileSync(keyFile, 'utf8'),
      fingerprint: fingerprintOf(cert),
      source: 'kept',
    };
  }
  const all = [...new Set(['localhost', '127.0.0.1', hostname(), ...names])].filter(
    (name) => name !== '' && name !== '0.0.0.0' && name !== '::',
  );
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALID_YEARS);
  const generated = await generate(
    [{ name: 'commonName', value: 'Pilote CPO — serveur d’équipe' }],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: all.map((name) =>
            isIP(name) ? { type: 7, ip: name } : { type: 2, value: name },
          ),
        },
      ],
    },
  );
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // The key first, created 0600 (never readable by others, even for an instant).
  writeFileSync(keyFile, generated.private, { mode: 0o600 });
  writeFileSync(certFile, generated.cert, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  chmodSync(certFile, 0o600);
  return {
    cert: generated.cert,
    key: generated.private,
    fingerprint: fingerprintOf(generated.cert),
    source: 'generated',
  };
}
