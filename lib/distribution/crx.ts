import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Zip archives and CRX3 packages, written and read with node:crypto and node:zlib alone: `npm run package`
 * writes them, the team server reads the id and version back out of the .crx it is given to serve.
 */

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of `entries` in the given order, deflated, every time stamp 1980-01-01: the same files give the same
 * bytes, so a rebuilt package of unchanged code has the same hash.
 */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = deflateRawSync(e.data, { level: 9 });
    const stored = deflated.length >= e.data.length;
    const body = stored ? Buffer.from(e.data) : deflated;
    const crc = crc32(e.data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(stored ? 0 : 8, 8);
    head.writeUInt16LE(0, 10); // 00:00
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(e.data.length, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    locals.push(head, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += head.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The entries of a zip (as written above or by common tools: stored or deflated, no zip64). */
export function readZip(zip: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('不是 zip 文件 (not a zip archive: no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip 目录损坏 (corrupt zip central directory)');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`zip 压缩方式不支持 (unsupported zip method ${method}) in ${name}`);
    out.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function loadPrivateKey(pem: string | Buffer): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`签名密钥须为 RSA 私钥 (the signing key must be an RSA private key, got ${key.asymmetricKeyType})`);
  return key;
}

/** The DER SubjectPublicKeyInfo: the manifest's `key` (base64) and what the id is hashed from. */
export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** Chrome's extension id: the first 128 bits of SHA-256 of the public key, hex digits 0–f written a–p. */
export function extensionId(publicDer: Uint8Array): string {
  return idFromBytes(createHash('sha256').update(publicDer).digest().subarray(0, 16));
}

function idFromBytes(bytes: Uint8Array): string {
  return [...Buffer.from(bytes).toString('hex')].map((h) => String.fromCharCode(97 + Number.parseInt(h, 16))).join('');
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** A protobuf length-delimited field. */
function field(num: number, data: Uint8Array): Buffer {
  return Buffer.concat([varint(num * 8 + 2), varint(data.length), data]);
}

const SIGNED_DATA_PREFIX = Buffer.from('CRX3 SignedData\x00', 'latin1');

/**
 * A CRX3 file: "Cr24", version 3, a CrxFileHeader protobuf holding the RSA public key, the signature and the
 * signed crx id, then the zip. The signature covers the prefix, the signed header data and the whole zip
 * (components/crx_file/crx3.proto in Chromium).
 */
export function writeCrx(zip: Uint8Array, key: KeyObject): Buffer {
  const publicDer = publicKeyDer(key);
  const crxId = createHash('sha256').update(publicDer).digest().subarray(0, 16);
  const signedData = field(1, crxId);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(signedData.length);
  const signature = sign('sha256', Buffer.concat([SIGNED_DATA_PREFIX, size, signedData, zip]), key);
  const header = Buffer.concat([field(2, Buffer.concat([field(1, publicDer), field(2, signature)])), field(10000, signedData)]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}

export interface CrxInfo {
  id: string;
  /** The zip inside. */
  zip: Buffer;
  manifest: Record<string, unknown>;
}

function readVarint(buf: Buffer, p: number): [number, number] {
  let n = 0;
  let mul = 1;
  for (;;) {
    const b = buf[p++];
    if (b === undefined) throw new Error('crx 头部损坏 (truncated crx header)');
    n += (b & 0x7f) * mul;
    if (b < 0x80) return [n, p];
    mul *= 128;
  }
}

/** The length-delimited fields of a protobuf message, by field number. */
function fields(buf: Buffer): Map<number, Buffer[]> {
  const out = new Map<number, Buffer[]>();
  let p = 0;
  while (p < buf.length) {
    let key: number;
    [key, p] = readVarint(buf, p);
    if ((key & 7) !== 2) throw new Error('crx 头部含不支持的字段 (unexpected field type in crx header)');
    let len: number;
    [len, p] = readVarint(buf, p);
    const value = buf.subarray(p, p + len);
    p += len;
    const num = Math.floor(key / 8);
    (out.get(num) ?? out.set(num, []).get(num)!).push(value);
  }
  return out;
}

/** The id (from the signed header), the zip and its manifest.json of a CRX3 file. */
export function readCrx(crx: Uint8Array): CrxInfo {
  const buf = Buffer.from(crx.buffer, crx.byteOffset, crx.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'Cr24') throw new Error('不是 crx 文件 (not a crx: no Cr24 magic)');
  if (buf.readUInt32LE(4) !== 3) throw new Error(`只支持 CRX3 (only CRX3 is supported, got version ${buf.readUInt32LE(4)})`);
  const headerSize = buf.readUInt32LE(8);
  const header = fields(buf.subarray(12, 12 + headerSize));
  const signed = header.get(10000)?.[0];
  const crxId = signed ? fields(signed).get(1)?.[0] : undefined;
  if (!crxId || crxId.length !== 16) throw new Error('crx 缺少签名的扩展 ID (crx header has no signed crx id)');
  const zip = buf.subarray(12 + headerSize);
  const manifestBytes = readZip(zip).get('manifest.json');
  if (!manifestBytes) throw new Error('crx 中没有 manifest.json (no manifest.json in the crx)');
  return { id: idFromBytes(crxId), zip: Buffer.from(zip), manifest: JSON.parse(manifestBytes.toString('utf8')) as Record<string, unknown> };
}
