// Images for a cluster that pulls them: each image built by content is tagged under the
// configured registry and pushed there (layers the registry holds are skipped, and a tag
// is the content's hash, so an unchanged image costs one round trip). The program then
// gets the registry's names in `ctx.images`.
import { execa } from 'execa';
import { usageError } from '../errors.ts';

/** `registry.example:5000/team` + `ephemeral-app:abc` → `registry.example:5000/team/ephemeral-app:abc`. Pure. */
export function registryReference(registry: string, image: string): string {
  const bare = image.includes('/') ? image.slice(image.lastIndexOf('/') + 1) : image;
  return `${registry.replace(/\/+$/, '')}/${bare}`;
}

/** A registry as `host[:port][/path]`, no scheme; throws a usage error naming the form. Pure. */
export function checkRegistry(registry: string): string {
  const trimmed = registry.trim().replace(/\/+$/, '');
  if (!/^[a-z0-9.-]+(:\d{1,5})?(\/[a-z0-9._-]+)*$/i.test(trimmed)) {
    throw usageError(`bad --registry "${registry}"`, 'give host[:port][/path] without a scheme, e.g. --registry registry.internal:5000/previews');
  }
  return trimmed;
}

/** Pushes each image under the registry; returns each local name's name there. */
export async function pushImages(registry: string, images: readonly string[], progress: (line: string) => void): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const image of images) {
    const remote = registryReference(registry, image);
    await execa('docker', ['tag', image, remote]);
    const pushed = await execa('docker', ['push', remote], { reject: false, all: true });
    if (pushed.exitCode !== 0) throw new Error(`docker push ${remote} failed: ${(pushed.all ?? '').trim().split('\n').slice(-3).join(' ')}`);
    names[image] = remote;
  }
  progress(`images: pushed to ${registry}: ${Object.values(names).join(', ')}`);
  return names;
}
