// The base images the stacks run on, as data: the official image where a registry
// answers, else the same role built from Debian packages. Each Debian-built image is
// tagged by the hash of everything that goes into it, so it builds once per content.
import { createHash } from 'node:crypto';

export type BaseImageRole = 'postgres' | 'redis' | 'node' | 'python';

export interface DebianImageRecipe {
  packages: string[];
  /** Files copied into the root filesystem: [source on the host, target directory]. */
  copyIn: Array<[string, string]>;
  /** Shell run in the target root (`chroot`) after packages are installed. */
  setup: string[];
  /** Dockerfile instructions for `docker import --change`. */
  config: string[];
}

export interface BaseImageSpec {
  role: BaseImageRole;
  /**
   * The image a user with registry access would use instead; absent where no official
   * image has what the role needs (then it is always built from Debian packages).
   */
  official?: string;
  debian: DebianImageRecipe;
}

export interface BaseImageInputs {
  suite: string;
  nodeBinary: string;
  nodeVersion: string;
  entrypointsDir: string;
}

const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const postgresTemplate = '/usr/share/ephemeral/postgres-template';

export function baseImageSpecs(inputs: BaseImageInputs): BaseImageSpec[] {
  const nodeMajor = inputs.nodeVersion.replace(/^v/, '').split('.')[0];
  return [
    {
      role: 'postgres',
      official: 'postgres:15-bookworm',
      debian: {
        packages: ['postgresql-15'],
        copyIn: [[`${inputs.entrypointsDir}/postgres-entrypoint.sh`, '/usr/local/bin']],
        setup: [
          'install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data',
          'chmod 0755 /usr/local/bin/postgres-entrypoint.sh',
          // A cluster initialised at build time: a new container copies it (a tenth of a
          // second) instead of running initdb (over a second of CPU), then adds its own
          // user, password and database (postgres-entrypoint.sh).
          `install -d -o postgres -g postgres -m 0700 ${postgresTemplate}`,
          `runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb --pgdata=${postgresTemplate} --username=postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions --encoding=UTF8 --locale=C.UTF-8 >/dev/null`,
        ],
        config: [
          `ENV PATH=/usr/lib/postgresql/15/bin:${defaultPath}`,
          'ENV PGDATA=/var/lib/postgresql/data',
          `ENV PGTEMPLATE=${postgresTemplate}`,
          'ENV PGHOST=/tmp',
          'USER postgres',
          'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]',
          'CMD ["postgres"]',
          'EXPOSE 5432',
        ],
      },
    },
    {
      role: 'redis',
      official: 'redis:7-bookworm',
      debian: {
        packages: ['redis-server'],
        copyIn: [],
        setup: ['install -d -o redis -g redis /data'],
        config: [`ENV PATH=${defaultPath}`, 'USER redis', 'WORKDIR /data', 'CMD ["redis-server", "--protected-mode", "no"]', 'EXPOSE 6379'],
      },
    },
    {
      role: 'node',
      official: `node:${nodeMajor}-bookworm-slim`,
      debian: {
        packages: ['ca-certificates'],
        copyIn: [[inputs.nodeBinary, '/usr/local/bin']],
        setup: ['useradd --uid 1000 --create-home --shell /bin/sh node', 'chmod 0755 /usr/local/bin/node'],
        config: [`ENV PATH=${defaultPath}`, 'ENV NODE_ENV=production', 'WORKDIR /app', 'CMD ["node"]'],
      },
    },
    {
      // For services not written in Node (examples/shortlinks): Debian's Python with its
      // PostgreSQL driver, so an image built from it installs nothing and needs no network.
      // The official python images lack psycopg2: no `official`, always from Debian.
      role: 'python',
      debian: {
        packages: ['python3', 'python3-psycopg2', 'ca-certificates'],
        copyIn: [],
        setup: [],
        config: [`ENV PATH=${defaultPath}`, 'ENV PYTHONUNBUFFERED=1', 'CMD ["python3"]'],
      },
    },
  ];
}

/** The tag of a Debian-built image: role plus a hash of its recipe and inputs. */
export function debianImageTag(spec: BaseImageSpec, inputs: BaseImageInputs, fileHashes: Record<string, string>): string {
  // Host paths of copied-in files stay out of the key: their content counts, not where
  // this checkout happens to live.
  const recipe = { ...spec.debian, copyIn: spec.debian.copyIn.map(([source, target]) => [source.split('/').pop(), target]) };
  const key = createHash('sha256').update(JSON.stringify({ suite: inputs.suite, recipe, fileHashes })).digest('hex');
  return `ephemeral-base-${spec.role}:${key.slice(0, 16)}`;
}
