// tsyringe (used inside @peculiar/x509) refuses to load without the Reflect metadata polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, randomBytes } from 'node:crypto';

type Provider = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type CryptoKey = webcrypto.CryptoKey;
const crypto: Provider = webcrypto;
const subtle = webcrypto.subtle;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface ClusterCa {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  key: CryptoKey;
}

export interface IssuedCert {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

/** What is persisted per cluster: enough to rebuild the CA after an emulator restart. */
export interface StoredCa {
  certPem: string;
  keyPem: string;
}

function serial(): string {
  const bytes = randomBytes(16);
  // A positive INTEGER: clear the top bit so DER does not read it as negative.
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}-----END PRIVATE KEY-----\n`;
}

function pemToDer(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

function certPem(cert: x509.X509Certificate): string {
  return `${cert.toString('pem').trim()}\n`;
}

export async function createCa(clusterName: string): Promise<ClusterCa> {
  const keys = await subtle.generateKey(EC, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${escapeDn(clusterName)}-ca,O=cce-autopilot-emulator`,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert, key: keys.privateKey, certPem: certPem(cert), keyPem: await keyToPem(keys.privateKey) };
}

export async function loadCa(stored: StoredCa): Promise<ClusterCa> {
  const cert = new x509.X509Certificate(stored.certPem);
  const key = await subtle.importKey('pkcs8', pemToDer(stored.keyPem), EC, true, ['sign']);
  return { cert, key, certPem: certPem(cert), keyPem: stored.keyPem };
}

function escapeDn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}

async function issue(
  ca: ClusterCa,
  subject: string,
  notAfter: Date,
  extensions: x509.Extension[],
): Promise<IssuedCert> {
  const keys = await subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject,
      issuer: ca.cert.subject,
      // Tolerate small clock differences between the emulator and the client.
      notBefore: new Date(Date.now() - 5 * 60 * 1000),
      notAfter,
      publicKey: keys.publicKey,
      signingKey: ca.key,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        ...extensions,
        await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: certPem(cert), keyPem: await keyToPem(keys.privateKey), notAfter: cert.notAfter };
}

export function issueServerCert(ca: ClusterCa, host: string): Promise<IssuedCert> {
  const names: x509.JsonGeneralName[] = [
    { type: 'dns', value: 'localhost' },
    { type: 'dns', value: 'kubernetes.default.svc' },
    { type: 'ip', value: '127.0.0.1' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost') {
    names.push(/^[\d.]+$/.test(host) || host.includes(':') ? { type: 'ip', value: host } : { type: 'dns', value: host });
  }
  const notAfter = new Date();
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 1);
  return issue(ca, 'CN=kube-apiserver', notAfter, [
    new x509.SubjectAlternativeNameExtension(names),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ]);
}

/** Validity of a clustercert: `days` days, or the 5-year maximum of spec 01 4.1.6 when -1. */
export function clientCertExpiry(days: number, now = new Date()): Date {
  if (days === -1) {
    const d = new Date(now);
    d.setUTCFullYear(d.getUTCFullYear() + 5);
    return d;
  }
  if (!Number.isInteger(days) || days < 1 || days > 1827) {
    throw new RangeError(`certificate duration must be an integer from 1 to 1827 days, or -1; got ${days}`);
  }
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export function issueClientCert(ca: ClusterCa, days: number): Promise<IssuedCert> {
  // O=system:masters is how a real apiserver maps the CCE admin certificate to cluster-admin.
  return issue(ca, 'CN=user,O=system:masters', clientCertExpiry(days), [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}
