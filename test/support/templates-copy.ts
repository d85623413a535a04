// Test helpers: a throw-away copy of a templates root that a test can break on purpose.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_TEMPLATES_ROOT } from "../../lib/catalog/index";

export interface TemplatesCopy {
  root: string;
  edit(relative: string, change: (text: string) => string): void;
  remove(relative: string): void;
  dispose(): void;
}

export function copyTemplates(source: string = DEFAULT_TEMPLATES_ROOT): TemplatesCopy {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), "stackport-catalog-")), "templates");
  cpSync(source, root, { recursive: true });
  return {
    root,
    edit(relative, change) {
      const file = path.join(root, relative);
      const before = readFileSync(file, "utf8");
      const after = change(before);
      // A no-op edit would make a "broken fixture" test pass for the wrong reason.
      if (after === before) throw new Error(`edit of ${relative} changed nothing`);
      writeFileSync(file, after);
    },
    remove(relative) {
      rmSync(path.join(root, relative), { recursive: true, force: true });
    },
    dispose() {
      rmSync(path.dirname(root), { recursive: true, force: true });
    },
  };
}
