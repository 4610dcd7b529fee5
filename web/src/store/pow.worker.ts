/// <reference lib="webworker" />
/**
 * Proof of work (altcha's scheme): find n in 0..maxnumber with SHA-256(salt + n) = challenge, in hex.
 * Runs off the main thread so the page stays responsive while it searches.
 */
interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  salt: string;
}

const encoder = new TextEncoder();

async function digestHex(algorithm: string, text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest(algorithm, encoder.encode(text)));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

self.onmessage = async (event: MessageEvent<Challenge>) => {
  const { algorithm, challenge, salt } = event.data;
  const max = event.data.maxnumber ?? 1_000_000;
  const started = performance.now();
  for (let n = 0; n <= max; n++) {
    if ((await digestHex(algorithm, salt + n)) === challenge) {
      self.postMessage({ number: n, tookMs: Math.round(performance.now() - started) });
      return;
    }
  }
  self.postMessage({ number: null, tookMs: Math.round(performance.now() - started) });
};
