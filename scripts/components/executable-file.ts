// Whether a toolchain binary is there and may be run: what the plugin and language-host
// components check before trusting a build or a download.
import { accessSync, constants } from 'node:fs';

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
