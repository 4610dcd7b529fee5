import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * docker-compose.yml's `scale-out` profile cannot run here (no Docker engine): it is read from the file and held
 * to the shape of scripts/topology.sh, which the topology suite runs for real.
 */
interface ComposeService {
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
  depends_on?: Record<string, unknown> | string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const inProfile = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale-out'));
const names = inProfile.map(([name]) => name);

describe('docker-compose.yml, profile scale-out', () => {
  it("has the topology script's shape: six cluster nodes and their init, two APIs, a worker, nginx", () => {
    expect(names.filter((n) => n.startsWith('redis-node-'))).toHaveLength(6);
    expect(names).toEqual(
      expect.arrayContaining(['redis-cluster-init', 'scale-api-1', 'scale-api-2', 'scale-worker', 'nginx']),
    );
    for (const [name, service] of inProfile.filter(([n]) => n.startsWith('redis-node-'))) {
      expect({ name, ports: service.ports }).toEqual({ name, ports: undefined });
      expect(service.command?.join(' ')).toMatch(/--cluster-enabled yes/);
      expect(service.command?.join(' ')).toMatch(/--requirepass/);
    }
    const init = compose.services['redis-cluster-init'].command?.join(' ') ?? '';
    expect(init).toMatch(/--cluster-create|--cluster create/);
    expect(init).toMatch(/--cluster-replicas 1/);
  });

  it('runs the APIs and the worker on the cluster, with the secrets of the plain services', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => `redis-node-${i + 1}:6379`).join(',');
    for (const [name, role] of [
      ['scale-api-1', 'api'],
      ['scale-api-2', 'api'],
      ['scale-worker', 'worker'],
    ]) {
      const env = compose.services[name].environment ?? {};
      expect({ name, role: env.APP_ROLE, nodes: env.REDIS_CLUSTER_NODES }).toEqual({ name, role, nodes });
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    }
  });

  it('fronts them with nginx configured as the script configures its own', () => {
    const nginx = compose.services.nginx;
    expect(nginx.volumes).toEqual(['./docker/nginx-scale-out.conf:/etc/nginx/nginx.conf:ro']);
    const conf = readFileSync('docker/nginx-scale-out.conf', 'utf8');
    const script = readFileSync('scripts/topology.sh', 'utf8');
    for (const directive of [
      'least_conn;',
      'keepalive 128;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'X-Forwarded-For',
      'proxy_add_x_forwarded_for;',
      'proxy_next_upstream error timeout;',
      'location = /api/notifications/stream',
      'proxy_buffering off;',
      'proxy_read_timeout 1h;',
    ]) {
      expect({ directive, compose: conf.includes(directive), script: script.includes(directive) }).toEqual({
        directive,
        compose: true,
        script: true,
      });
    }
    expect(conf).toMatch(/server scale-api-1:3000/);
    expect(conf).toMatch(/server scale-api-2:3000/);
  });
});
