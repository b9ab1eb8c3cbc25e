/**
 * Artefact stores for the embedded default: files in a folder beside the SQLite database, and an
 * in-memory map for in-memory databases (tests). Azure deployments use Blob Storage instead.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertArtefactName, type ArtefactStore } from './store';

/** Tenant ids become folder names: anything outside a safe set is hex-escaped, so no id can climb out. */
function tenantFolder(tenantId: string): string {
  return tenantId.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}

export class DirectoryArtefactStore implements ArtefactStore {
  constructor(private readonly root: string) {}

  private file(tenantId: string, name: string): string {
    assertArtefactName(name);
    return path.join(this.root, tenantFolder(tenantId), ...name.split('/'));
  }

  async put(tenantId: string, name: string, data: Buffer | string): Promise<void> {
    await this.writeAside(tenantId, name, data);
  }

  async putChunks(tenantId: string, name: string, chunks: Iterable<string>): Promise<void> {
    await this.writeAside(tenantId, name, chunks);
  }

  /** Write aside, then rename: a reader (or a crash) never sees half a file. */
  private async writeAside(tenantId: string, name: string, data: Buffer | string | Iterable<string>): Promise<void> {
    const file = this.file(tenantId, name);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // writeFile takes an iterable of strings piece by piece (UTF-8), never joining them.
      await fs.promises.writeFile(temp, data);
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await fs.promises.rename(temp, file);
  }

  async get(tenantId: string, name: string): Promise<Buffer | undefined> {
    try {
      return await fs.promises.readFile(this.file(tenantId, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async list(tenantId: string, prefix: string): Promise<string[]> {
    const base = path.join(this.root, tenantFolder(tenantId));
    const out: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        const name = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), name);
        else if (!e.name.endsWith('.tmp') && name.startsWith(prefix)) out.push(name);
      }
    };
    await walk(base, '');
    return out.sort();
  }

  async delete(tenantId: string, name: string): Promise<void> {
    await fs.promises.rm(this.file(tenantId, name), { force: true });
  }
}

export class MemoryArtefactStore implements ArtefactStore {
  private readonly items = new Map<string, Buffer>();

  async put(tenantId: string, name: string, data: Buffer | string): Promise<void> {
    assertArtefactName(name);
    this.items.set(`${tenantId}\n${name}`, Buffer.from(data));
  }

  async putChunks(tenantId: string, name: string, chunks: Iterable<string>): Promise<void> {
    assertArtefactName(name);
    this.items.set(`${tenantId}\n${name}`, Buffer.concat(Array.from(chunks, (c) => Buffer.from(c))));
  }

  async get(tenantId: string, name: string): Promise<Buffer | undefined> {
    return this.items.get(`${tenantId}\n${name}`);
  }

  async list(tenantId: string, prefix: string): Promise<string[]> {
    const head = `${tenantId}\n`;
    return [...this.items.keys()]
      .filter((k) => k.startsWith(head) && k.slice(head.length).startsWith(prefix))
      .map((k) => k.slice(head.length))
      .sort();
  }

  async delete(tenantId: string, name: string): Promise<void> {
    this.items.delete(`${tenantId}\n${name}`);
  }
}
