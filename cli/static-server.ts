import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.shtml': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
};

export interface StaticServer {
  origin: string;
  /** URL of a file under one of the mounted folders. */
  url(mount: string, relPath: string): string;
  close(): Promise<void>;
}

/**
 * Serves local folders on 127.0.0.1 so saved pages load as they would from a site. No charset is added
 * to Content-Type: the page's own bytes and meta decide, as for a real server that sends none.
 */
export async function serveFolders(mounts: Record<string, string>, port = 0): Promise<StaticServer> {
  const roots = Object.entries(mounts).map(([prefix, dir]) => [`/${prefix.replace(/^\/|\/$/g, '')}/`, resolve(dir)] as const);
  const server: Server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const mount = roots.find(([prefix]) => path.startsWith(prefix));
      if (!mount) return notFound(res);
      const [prefix, dir] = mount;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) return notFound(res);
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return notFound(res);
      // A type only for the extensions we know: a page saved as index.jsp, list.asp or without an extension is
      // sent without one and the browser sniffs it, as it does for a server that names none.
      const type = TYPES[extname(file).toLowerCase()];
      res.writeHead(200, { ...(type ? { 'content-type': type } : {}), 'content-length': info.size });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    origin,
    url: (mount, relPath) => `${origin}/${mount.replace(/^\/|\/$/g, '')}/${relPath.split('/').map(encodeURIComponent).join('/')}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

function notFound(res: import('node:http').ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>404 页面不存在</title><h1>404 页面不存在</h1>');
}
