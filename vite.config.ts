import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { serveBuiltinModels } from './models/serve-builtin.ts';

// Cross-origin isolation lets ORT use threads (SharedArrayBuffer); every asset is same-origin anyway.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// The CSP is what guarantees that nothing leaves the machine: no fetch, worker or script may reach
// another origin. Injected only into the built app because the dev server relies on inline modules.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// The JS labeling-function sandbox compiles user code with `new Function`, so its worker (and only it)
// gets 'unsafe-eval'; in exchange it may not connect anywhere nor load any module but its own.
const lfSandboxPolicy = ["default-src 'none'", "script-src 'self' 'unsafe-eval'", "connect-src 'none'", "worker-src 'none'"].join('; ');
const lfSandboxScript = /\/lf-sandbox\.worker-[\w-]+\.js(?:\?|$)/;

function lfSandboxCsp(): Plugin {
  return {
    name: 'sift-lf-sandbox-csp',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url && lfSandboxScript.test(req.url)) {
          // The static file server sets preview.headers just before sending: make its CSP the sandbox's.
          const setHeader = res.setHeader.bind(res);
          res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'content-security-policy' ? lfSandboxPolicy : value);
        }
        next();
      });
    },
  };
}

function cspMeta(): Plugin {
  return {
    name: 'sift-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * Offline after the first visit: a service worker precaches the app, its workers, ORT's and TF.js's
 * wasm, the built-in models and the samples (~65 MB; source maps are left out). A new deployment is
 * offered with a prompt (registerType 'prompt'), never swapped under a working tab.
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: {
    name: 'Sift: label private data in your browser',
    short_name: 'Sift',
    description: 'Weak supervision, teachers and students, canary-gated, entirely on this machine.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1f4e79',
    icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm,svg,json,onnx,bin,csv,png,parquet,md,zip,webmanifest}'],
    globIgnores: ['**/*.map'],
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  plugins: [preact(), cspMeta(), lfSandboxCsp(), serveBuiltinModels(), offline],
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  // As a header too, because a worker loaded from a URL does not inherit the page's <meta> policy.
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy } },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
  optimizeDeps: {
    // Worker-only dependencies: pre-bundle them up front or the dev server reloads mid-session.
    include: ['papaparse', 'dexie', 'fflate', '@huggingface/tokenizers', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'uplot'],
    exclude: ['onnxruntime-web'],
  },
});
