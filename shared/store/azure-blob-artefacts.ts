/**
 * Artefacts (the canonical plan JSON, workbooks) of the scale-out store on Azure Blob Storage: one
 * container per deployment (`<prefix>-artefacts`), one blob per artefact named `<tenant>/<name>`.
 *
 * - The tenant id is escaped to letters, digits and `-` (anything else becomes `_<hex>_`), and artefact
 *   names are validated by `assertArtefactName` (no `..`, no leading `/`), so no id or name can reach
 *   another tenant's blobs.
 * - A put is one Put Blob request, or for a large artefact staged blocks and one Put Block List: either
 *   way the blob changes in one step, so a reader sees the old or the new artefact, never a mix.
 * - A get is one Get Blob request (a retried stream resumes under the first response's etag), not the
 *   parallel ranged reads of `downloadToBuffer`, which could stitch two versions together.
 */
import { Readable } from 'node:stream';
import type { TokenCredential } from '@azure/core-auth';
import {
  AnonymousCredential,
  BlobServiceClient,
  ContainerClient,
  RestError,
  StorageSharedKeyCredential,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import { assertArtefactName, type ArtefactStore } from './store';

export type AzureBlobArtefactOptions = (
  | { connectionString: string }
  /** The Blob endpoint (`https://<account>.blob.core.windows.net`) with a SAS token, a shared key or an Entra credential. */
  | { blobUrl: string; sasToken: string }
  | { blobUrl: string; accountName: string; accountKey: string }
  | { blobUrl: string; credential: TokenCredential }
) & {
  /** Lower-case letters, digits and single hyphens, 3 to 63 characters. */
  container: string;
};

/** Tenant ids become the first path segment: anything outside a safe set is hex-escaped. */
export function tenantSegment(tenantId: string): string {
  if (tenantId === '') throw new Error('A tenant id is needed to store artefacts.');
  return tenantId.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}

/** The container of a deployment whose tables use `prefix` (letters and digits, at most 51). */
export function artefactContainerName(prefix: string): string {
  return `${prefix.toLowerCase()}-artefacts`;
}

/**
 * The Blob endpoint of the account whose Table endpoint is `tableUrl` (`https://acct.table.core.windows.net`
 * → `https://acct.blob.core.windows.net`, sovereign clouds alike); undefined when the host does not say.
 */
export function blobUrlFromTableUrl(tableUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(tableUrl);
  } catch {
    return undefined;
  }
  const m = /^([a-z0-9]+)\.table\.(.+)$/i.exec(url.hostname);
  if (!m) return undefined;
  return `${url.protocol}//${m[1]}.blob.${m[2]}${url.port ? `:${url.port}` : ''}`;
}

export class AzureBlobArtefactStore implements ArtefactStore {
  private constructor(private readonly container: ContainerClient) {}

  /** Connects and creates the container when it does not exist yet. */
  static async open(options: AzureBlobArtefactOptions): Promise<AzureBlobArtefactStore> {
    if (!/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(options.container)) {
      throw new Error(`"${options.container}" is not a valid blob container name (lower-case letters, digits and single hyphens, 3 to 63).`);
    }
    const pipeline: StoragePipelineOptions = { retryOptions: { maxTries: 4 } };
    let service: BlobServiceClient;
    if ('connectionString' in options) {
      // A connection string written for tables only would silently send artefacts to a derived public endpoint.
      if (/(^|;)\s*TableEndpoint=/i.test(options.connectionString) && !/(^|;)\s*BlobEndpoint=/i.test(options.connectionString)) {
        throw new Error('The storage connection string names a TableEndpoint but no BlobEndpoint; artefacts live in Blob Storage: add BlobEndpoint=...');
      }
      service = BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
    } else if ('credential' in options) {
      service = new BlobServiceClient(options.blobUrl, options.credential, pipeline);
    } else if ('sasToken' in options) {
      const sas = options.sasToken.replace(/^\?/, '');
      service = new BlobServiceClient(`${options.blobUrl.replace(/\/+$/, '')}?${sas}`, new AnonymousCredential(), pipeline);
    } else {
      service = new BlobServiceClient(options.blobUrl, new StorageSharedKeyCredential(options.accountName, options.accountKey), pipeline);
    }
    const container = service.getContainerClient(options.container);
    try {
      await container.createIfNotExists();
    } catch (err) {
      // With a role that may write blobs but not create containers, an existing container is enough.
      if (!(err instanceof RestError && err.statusCode === 403 && (await container.exists().catch(() => false)))) throw err;
    }
    return new AzureBlobArtefactStore(container);
  }

  /** The container's URL without any credential (for descriptions and logs). */
  get url(): string {
    const url = new URL(this.container.url);
    url.search = '';
    return url.toString();
  }

  private blobName(tenantId: string, name: string): string {
    assertArtefactName(name);
    return `${tenantSegment(tenantId)}/${name}`;
  }

  async put(tenantId: string, name: string, data: Buffer | string): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await this.container.getBlockBlobClient(this.blobName(tenantId, name)).uploadData(body, {
      blobHTTPHeaders: { blobContentType: contentType(name) },
      // Up to 64 MiB goes up in one request; beyond, staged blocks committed by one block list.
      maxSingleShotSize: 64 * 1024 * 1024,
      blockSize: 8 * 1024 * 1024,
      concurrency: 4,
    });
  }

  async putChunks(tenantId: string, name: string, chunks: Iterable<string>): Promise<void> {
    // Staged blocks of 8 MiB committed by one block list at the end: readers see the old blob or the new.
    const bytes = Readable.from((function* () {
      for (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
    })());
    await this.container.getBlockBlobClient(this.blobName(tenantId, name)).uploadStream(bytes, 8 * 1024 * 1024, 4, {
      blobHTTPHeaders: { blobContentType: contentType(name) },
    });
  }

  async get(tenantId: string, name: string): Promise<Buffer | undefined> {
    const blob = this.container.getBlobClient(this.blobName(tenantId, name));
    try {
      const response = await blob.download(0, undefined, { maxRetryRequests: 4 });
      const parts: Buffer[] = [];
      for await (const part of response.readableStreamBody!) parts.push(typeof part === 'string' ? Buffer.from(part) : (part as Buffer));
      return Buffer.concat(parts);
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  async list(tenantId: string, prefix: string): Promise<string[]> {
    const head = `${tenantSegment(tenantId)}/`;
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: head + prefix })) out.push(blob.name.slice(head.length));
    return out.sort();
  }

  async delete(tenantId: string, name: string): Promise<void> {
    await this.container.getBlobClient(this.blobName(tenantId, name)).deleteIfExists();
  }
}

function contentType(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}
