import "server-only";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkpointFileName, checkpointNumberOf } from "./checkpoint-log";

// Where checkpoints are kept: outside the database, one file per checkpoint, never overwritten.
// A directory by default; in production mount one the portal may add to but not change
// (or replicate it to a bucket with Object Lock), so a database writer cannot rewrite it.

export interface CheckpointSink {
  describe: string;
  /** The checkpoint numbers held. */
  list(): Promise<number[]>;
  read(number: number): Promise<string>;
  /** Writes checkpoint `number`; false when it already exists (another process wrote it first). */
  write(number: number, text: string): Promise<boolean>;
}

export function directorySink(dir: string): CheckpointSink {
  return {
    describe: path.resolve(dir),
    async list() {
      try {
        return (await readdir(dir))
          .map(checkpointNumberOf)
          .filter((n): n is number => n !== undefined)
          .sort((a, b) => a - b);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
    },
    read: (number) => readFile(path.join(dir, checkpointFileName(number)), "utf8"),
    async write(number, text) {
      await mkdir(dir, { recursive: true });
      // Written whole under a temporary name, then linked into place: link() never replaces a file.
      const temp = path.join(dir, `.${checkpointFileName(number)}.${process.pid}.${Date.now()}`);
      await writeFile(temp, text, { flag: "wx" });
      try {
        await link(temp, path.join(dir, checkpointFileName(number)));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
      } finally {
        await unlink(temp).catch(() => {});
      }
    },
  };
}

/** Every checkpoint file's text, in number order. */
export async function readAllCheckpoints(sink: CheckpointSink): Promise<{ number: number; text: string }[]> {
  const numbers = await sink.list();
  return Promise.all(numbers.map(async (number) => ({ number, text: await sink.read(number) })));
}
