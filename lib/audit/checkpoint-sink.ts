import "server-only";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkpointFileName, checkpointNumberOf } from "./checkpoint-log";

// Where checkpoints are kept: outside the database, one file per checkpoint, never overwritten.
// A directory by default (development, the demo); in production an S3 bucket with Object Lock
// in COMPLIANCE mode (checkpoint-s3-sink.ts), so nobody who can write the database, or the
// portal's host, can rewrite one.

export interface CheckpointSink {
  describe: string;
  /** The checkpoint numbers held. */
  list(): Promise<number[]>;
  /** The highest number held, when the sink can tell more cheaply than list() (the tracker asks every pass). */
  newest?(): Promise<number | undefined>;
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

/** Reads at once: enough to hide a bucket's latency, few enough not to queue behind the SDK's sockets. */
const READS_AT_ONCE = 16;

/** Every checkpoint file's text, in number order. */
export async function readAllCheckpoints(sink: CheckpointSink): Promise<{ number: number; text: string }[]> {
  const numbers = await sink.list();
  const texts = new Array<string>(numbers.length);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < numbers.length; i = next++) texts[i] = await sink.read(numbers[i]);
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, numbers.length) }, reader));
  return numbers.map((number, i) => ({ number, text: texts[i] }));
}
