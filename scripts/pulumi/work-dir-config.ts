// How a workDir project (a Pulumi project in any language) receives the stack context:
// as stack config under the `ephemeral:` namespace, in the JSON form of
// `pulumi config set-all --json`. Pure: the caller passes the result to
// `stack.setAllConfigJson`.

export interface WorkDirContext {
  slug: string;
  target: string;
  /** The labels every object the program creates carries. */
  labels: Record<string, string>;
  /** Image tags by name. */
  images: Record<string, string>;
  /** The project's own settings (a fault's overrides included). */
  config?: Record<string, unknown>;
}

interface ConfigEntry {
  value: string;
  secret: false;
  objectValue?: unknown;
}

export const workDirNamespace = 'ephemeral';

function plain(value: string): ConfigEntry {
  return { value, secret: false };
}

function structured(value: unknown): ConfigEntry {
  return { value: JSON.stringify(value), objectValue: value, secret: false };
}

/**
 * The config entries of a workDir stack. `labelList` repeats `labels` in the
 * `[{ label, value }]` shape the docker provider takes: a Pulumi YAML program cannot
 * turn a map into a list, and a typed language need not either.
 */
export function workDirConfig(context: WorkDirContext): Record<string, ConfigEntry> {
  const key = (name: string) => `${workDirNamespace}:${name}`;
  return {
    [key('slug')]: plain(context.slug),
    [key('target')]: plain(context.target),
    [key('labels')]: structured(context.labels),
    [key('labelList')]: structured(Object.entries(context.labels).map(([label, value]) => ({ label, value }))),
    [key('images')]: structured(context.images),
    [key('config')]: structured(context.config ?? {}),
  };
}
