/**
 * Helpers for the Teams app package: `${{VAR}}` placeholders, env files, PNG icons,
 * offline manifest validation and the app package zip.
 *
 * Used by scripts/package-app.ts (`npm run package`), scripts/make-icons.ts and the tests.
 * Only Node built-ins plus jszip, ajv-draft-04 and ajv-formats (development tooling, never shipped).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';

// ---------------------------------------------------------------------------
// Placeholders and env files
// ---------------------------------------------------------------------------

/** Same syntax Teams Toolkit / Agents Toolkit accepts: `${{NAME}}`, spaces inside the braces allowed. */
const PLACEHOLDER_SOURCE = String.raw`\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}`;

/** Variables that may legitimately resolve to an empty string (for example no suffix in production). */
export const ALLOW_EMPTY_VARIABLES: readonly string[] = ['APP_NAME_SUFFIX'];

/** Names of every `${{VAR}}` in `text`, unique, in order of first appearance. */
export function listPlaceholders(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(new RegExp(PLACEHOLDER_SOURCE, 'g'))) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export class MissingVariablesError extends Error {
  constructor(
    readonly missing: string[],
    readonly empty: string[],
    context: string,
  ) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`undefined variable(s): ${missing.join(', ')}`);
    if (empty.length > 0) parts.push(`empty variable(s): ${empty.join(', ')}`);
    super(`Cannot fill placeholders in ${context}: ${parts.join('; ')}`);
    this.name = 'MissingVariablesError';
  }
}

export interface FillOptions {
  /** Used in the error message, e.g. "appPackage/manifest.json". */
  context?: string;
  /** Variables allowed to be empty; defaults to ALLOW_EMPTY_VARIABLES. */
  allowEmpty?: readonly string[];
  /**
   * Escape each value for use inside a JSON string literal (quotes, backslashes, control characters),
   * so that a value can never break or inject into the JSON document.
   */
  jsonEscape?: boolean;
}

/**
 * Replace every `${{VAR}}` in `text` with `values[VAR]`.
 * Throws MissingVariablesError naming every variable that is undefined, or empty and not allowed to be.
 */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
  options: FillOptions = {},
): string {
  const allowEmpty = options.allowEmpty ?? ALLOW_EMPTY_VARIABLES;
  const missing: string[] = [];
  const empty: string[] = [];
  for (const name of listPlaceholders(text)) {
    const value = values[name];
    if (value === undefined) missing.push(name);
    else if (value === '' && !allowEmpty.includes(name)) empty.push(name);
  }
  if (missing.length > 0 || empty.length > 0) {
    throw new MissingVariablesError(missing, empty, options.context ?? 'template');
  }
  return text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (_whole, name: string) => {
    const value = values[name] ?? '';
    return options.jsonEscape ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/**
 * Parse dotenv text: `KEY=VALUE` lines, `#` comments, optional `export ` prefix,
 * single- or double-quoted values (double quotes understand \n), ` #` starts a comment after an unquoted value.
 */
export function parseEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1] as string;
    let value = match[2] as string;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      const comment = value.search(/\s#/);
      if (comment >= 0) value = value.slice(0, comment);
      value = value.trim();
    }
    result[key] = value;
  }
  return result;
}

/** Read and parse a dotenv file. A missing file gives `{}` when `optional` is true, an error otherwise. */
export function loadEnvFile(filePath: string, options: { optional?: boolean } = {}): Record<string, string> {
  if (!fs.existsSync(filePath)) {
    if (options.optional) return {};
    throw new Error(`Environment file not found: ${filePath}`);
  }
  return parseEnv(fs.readFileSync(filePath, 'utf8'));
}

export interface LoadEnvironmentOptions {
  /**
   * Also load `env/offline-sample.<env>.env` as the lowest layer: obviously fake ids and example.net
   * domains for offline packaging and tests. Never use the resulting package in a real tenant.
   */
  sample?: boolean;
  /** Extra highest-priority values (the CLI passes process.env here). */
  overrides?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedEnvironment {
  values: Record<string, string>;
  /** Files that were read, lowest priority first. */
  files: string[];
}

/**
 * Layered environment for `env` (dev, local, ...), lowest priority first:
 * [env/offline-sample.<env>.env] < env/.env.<env> < env/.env.<env>.user < overrides.
 * A later layer's empty value never erases an earlier non-empty one (provisioned ids are left empty in
 * the committed env files and filled by `provision`).
 */
export function loadEnvironment(rootDir: string, env: string, options: LoadEnvironmentOptions = {}): LoadedEnvironment {
  if (!/^[A-Za-z0-9_-]+$/.test(env)) throw new Error(`Invalid environment name: ${env}`);
  const envDir = path.join(rootDir, 'env');
  const layers: Array<{ file: string; optional: boolean }> = [];
  if (options.sample) layers.push({ file: path.join(envDir, `offline-sample.${env}.env`), optional: false });
  layers.push({ file: path.join(envDir, `.env.${env}`), optional: false });
  layers.push({ file: path.join(envDir, `.env.${env}.user`), optional: true });

  const values: Record<string, string> = {};
  const files: string[] = [];
  const merge = (layer: Readonly<Record<string, string | undefined>>): void => {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (value === '' && values[key] !== undefined && values[key] !== '') continue;
      values[key] = value;
    }
  };
  for (const layer of layers) {
    if (!fs.existsSync(layer.file) && layer.optional) continue;
    merge(loadEnvFile(layer.file));
    files.push(layer.file);
  }
  if (options.overrides) merge(options.overrides);
  return { values, files };
}

// ---------------------------------------------------------------------------
// PNG (8-bit RGB / RGBA, non-interlaced): enough to write and check the app icons
// ---------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encode 8-bit pixels as PNG. `pixels` is row-major RGBA (4 bytes per pixel) when `alpha` is true,
 * RGB (3 bytes per pixel) otherwise.
 */
export function encodePng(width: number, height: number, pixels: Uint8Array, options: { alpha: boolean }): Buffer {
  const channels = options.alpha ? 4 : 3;
  if (pixels.length !== width * height * channels) {
    throw new Error(`encodePng: expected ${width * height * channels} bytes, got ${pixels.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = options.alpha ? 6 : 2; // colour type: 6 = RGBA, 2 = RGB
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None for every scanline
    Buffer.from(pixels.buffer, pixels.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlace: number;
}

/** Read width, height, bit depth and colour type from the IHDR chunk (the first chunk of every PNG). */
export function readPngSize(png: Uint8Array): PngHeader {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('Not a PNG file');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR as first chunk');
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24] as number,
    colorType: buf[25] as number,
    interlace: buf[28] as number,
  };
}

export interface DecodedPng extends PngHeader {
  channels: number;
  /** Row-major, `channels` bytes per pixel. */
  pixels: Buffer;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decode an 8-bit, non-interlaced grey/RGB/grey+alpha/RGBA PNG (all five scanline filters), checking chunk CRCs. */
export function decodePng(png: Uint8Array): DecodedPng {
  const header = readPngSize(png);
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const channelsByType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsByType[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined || header.interlace !== 0) {
    throw new Error(`Unsupported PNG (bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace})`);
  }
  const idat: Buffer[] = [];
  let offset = 8;
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > buf.length) throw new Error(`Truncated PNG chunk ${type}`);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== buf.readUInt32BE(offset + 8 + length)) {
      throw new Error(`Bad CRC in PNG chunk ${type}`);
    }
    if (type === 'IDAT') idat.push(buf.subarray(offset + 8, offset + 8 + length));
    offset = end;
    if (type === 'IEND') break;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  if (raw.length < (stride + 1) * header.height) throw new Error('PNG image data too short');
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] as number;
      const left = x >= channels ? (pixels[dst + x - channels] as number) : 0;
      const up = y > 0 ? (pixels[dst - stride + x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[dst - stride + x - channels] as number) : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = left; break;
        case 2: predictor = up; break;
        case 3: predictor = (left + up) >> 1; break;
        case 4: predictor = paeth(left, up, upLeft); break;
        default: throw new Error(`Unknown PNG filter ${filter}`);
      }
      pixels[dst + x] = (value + predictor) & 0xff;
    }
  }
  return { ...header, channels, pixels };
}

// ---------------------------------------------------------------------------
// Offline validation against the Teams manifest JSON schema shipped in @microsoft/app-manifest
// ---------------------------------------------------------------------------

/** Path of the official schema for a manifest version, e.g. "1.22". */
export function teamsSchemaPath(manifestVersion: string): string {
  if (!/^\d+\.\d+$/.test(manifestVersion) && manifestVersion !== 'devPreview') {
    throw new Error(`Unexpected manifestVersion: ${manifestVersion}`);
  }
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const folder = manifestVersion === 'devPreview' ? 'vDevPreview' : `v${manifestVersion}`;
  return path.join(packageDir, 'build', 'json-schemas', 'teams', folder, 'MicrosoftTeams.schema.json');
}

export interface ValidationResult {
  valid: boolean;
  /** ajv errors as readable lines: "<instancePath> <message> <params>". */
  errors: string[];
}

/** Validate a filled manifest object against the schema for its `manifestVersion` (draft-04, offline). */
export function validateTeamsManifest(manifest: unknown): ValidationResult {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return { valid: false, errors: ['manifestVersion is missing'] };
  const schema = JSON.parse(fs.readFileSync(teamsSchemaPath(version), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv04({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(manifest) === true;
  const errors = (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`,
  );
  return { valid, errors };
}

// ---------------------------------------------------------------------------
// App package
// ---------------------------------------------------------------------------

export interface BuildAppPackageOptions {
  /** Repository root (the folder holding appPackage/ and env/). */
  rootDir: string;
  /** Environment name: dev, local, ... */
  env: string;
  /** Fill ids from env/offline-sample.<env>.env where the env files leave them empty (offline only). */
  sample?: boolean;
  /** Highest-priority values, e.g. process.env. Only variables the manifest uses are read from it. */
  overrides?: Readonly<Record<string, string | undefined>>;
  /** Output folder; defaults to <rootDir>/appPackage/build. */
  outDir?: string;
  /** Validate against the bundled JSON schema before zipping (default true). */
  validate?: boolean;
}

export interface BuiltAppPackage {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown>;
  envFiles: string[];
}

/** The icon files the manifest points at, relative to appPackage/. */
function iconFiles(manifest: Record<string, unknown>): string[] {
  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  const files = ['color', 'outline', 'color32x32']
    .map((key) => icons[key])
    .filter((value): value is string => typeof value === 'string');
  for (const file of files) {
    if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) {
      throw new Error(`Icon path must stay inside appPackage/: ${file}`);
    }
  }
  return files;
}

/**
 * Fill appPackage/manifest.json from the env files, validate it, and write
 * <outDir>/manifest.<env>.json and <outDir>/appPackage.<env>.zip (manifest.json + icons at the zip root).
 */
export async function buildAppPackage(options: BuildAppPackageOptions): Promise<BuiltAppPackage> {
  const appDir = path.join(options.rootDir, 'appPackage');
  const templatePath = path.join(appDir, 'manifest.json');
  const template = fs.readFileSync(templatePath, 'utf8');

  // Only the variables the manifest uses are taken from the overrides (never the whole process env).
  const used = listPlaceholders(template);
  const overrides: Record<string, string> = {};
  for (const name of used) {
    const value = options.overrides?.[name];
    if (value !== undefined) overrides[name] = value;
  }
  const loaded = loadEnvironment(options.rootDir, options.env, { sample: options.sample, overrides });

  let filled: string;
  try {
    filled = fillPlaceholders(template, loaded.values, { context: 'appPackage/manifest.json', jsonEscape: true });
  } catch (error) {
    if (error instanceof MissingVariablesError) {
      const hint =
        `Read from: ${loaded.files.map((f) => path.relative(options.rootDir, f)).join(', ')}. ` +
        'Ids such as TEAMS_APP_ID, BOT_ID and AAD_APP_CLIENT_ID are written by provisioning ' +
        `(teamsapp provision --env ${options.env}); for an offline test package use --sample.`;
      throw new Error(`${error.message}. ${hint}`);
    }
    throw error;
  }
  const manifest = JSON.parse(filled) as Record<string, unknown>;

  if (options.validate !== false) {
    const result = validateTeamsManifest(manifest);
    if (!result.valid) {
      throw new Error(`Filled manifest does not match the Teams ${String(manifest.manifestVersion)} schema:\n  ${result.errors.join('\n  ')}`);
    }
  }

  const outDir = options.outDir ?? path.join(appDir, 'build');
  fs.mkdirSync(outDir, { recursive: true });
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = path.join(outDir, `manifest.${options.env}.json`);
  fs.writeFileSync(manifestPath, manifestJson);

  const zip = new JSZip();
  // Fixed timestamps keep the zip byte-for-byte reproducible for identical inputs.
  const date = new Date(Date.UTC(2020, 0, 1));
  zip.file('manifest.json', manifestJson, { date });
  for (const icon of iconFiles(manifest)) {
    zip.file(icon.replace(/\\/g, '/'), fs.readFileSync(path.join(appDir, icon)), { date });
  }
  const zipPath = path.join(outDir, `appPackage.${options.env}.zip`);
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  fs.writeFileSync(zipPath, content);
  return { zipPath, manifestPath, manifest, envFiles: loaded.files };
}
