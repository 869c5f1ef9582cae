// Latchkey: the files of a part, downloaded in one request when all of them are wanted at once.
// The loader above fetches a part's files (its chunks, then its own) in one go, with `fetch`;
// this module-scoped `fetch` stands in for the browser's there. The files asked for in one go are
// gathered; when they are all the files of a part that has not been started yet (a page's first
// part, say), its bundle — the same files one after the other, compressed together — comes in
// one request and is cut back into them; any other file comes on its own, as the loader asked.
// `BUNDLES` (written by xtask/src/split.rs): each part's bundle name and its files' names and
// sizes, in bundle order, largest bundle first.

let asked = [];

function fetch(url) {
  return new Promise((resolve, reject) => {
    if (asked.length === 0) queueMicrotask(fetchAsked);
    asked.push({ url, name: new URL(url).pathname.split("/").pop(), resolve, reject });
  });
}

function fetchAsked() {
  const files = new Map(asked.map((file) => [file.name, file]));
  asked = [];
  for (const [bundle, members] of BUNDLES) {
    if (!members.every(([name]) => files.has(name))) continue;
    const bytes = globalThis.fetch(new URL(bundle, import.meta.url)).then((response) =>
      response.ok ? response.arrayBuffer() : Promise.reject(new Error(`${bundle}: HTTP ${response.status}`)),
    );
    let start = 0;
    for (const [name, size] of members) {
      const file = files.get(name);
      files.delete(name);
      const from = start;
      start += size;
      bytes.then(
        (all) => file.resolve(new Response(all.slice(from, from + size), { headers: { "Content-Type": "application/wasm" } })),
        file.reject,
      );
    }
  }
  for (const file of files.values()) globalThis.fetch(file.url).then(file.resolve, file.reject);
}
