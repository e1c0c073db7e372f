/**
 * A small key-value file in the extension's global storage, with the get/update of a
 * vscode.Memento. The workbench's own globalState does not do for what a window must know the
 * moment it opens: served to a browser (code-server), it lives in the browser's storage, and a
 * new browser profile has none of it; the global storage folder is on the extension host's disk.
 * Read once, when made: a file of a few hundred bytes, read synchronously so that a window
 * opening knows it before anything else is built. Written whole: to a new file, then renamed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MementoLike } from './discoveredProjects';

export class FileMemento implements MementoLike {
  private values: Readonly<Record<string, unknown>>;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.values = readValues(file);
  }

  get<T>(key: string): T | undefined {
    return Object.hasOwn(this.values, key) ? (this.values[key] as T) : undefined;
  }

  /** Sets a value (undefined removes it) at once; the file follows, one write after another. */
  update(key: string, value: unknown): Promise<void> {
    // An undefined value is left out of the file, and reads back as absent.
    const next = { ...this.values, [key]: value };
    this.values = next;
    const text = JSON.stringify(next);
    // A failed write does not stop the next one, which writes everything again.
    const written = this.writing.catch(() => undefined).then(() => writeWhole(this.file, text));
    this.writing = written;
    return written;
  }
}

function readValues(file: string): Record<string, unknown> {
  try {
    const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    // No file yet, or one that does not parse: nothing remembered.
    return {};
  }
}

async function writeWhole(file: string, text: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.writeFile(temporary, text, 'utf8');
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}
